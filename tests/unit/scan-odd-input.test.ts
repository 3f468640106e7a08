import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BatchScanner, type ScanRecord } from "../../src/core/scan.js";
import { testEngine } from "../helpers/engine.js";
import { loadSeeds } from "../helpers/seeds.js";

/** Lines of the real seed pages, cut or whole, mixed with odd Unicode and markers. */
const seedLines = [...loadSeeds().values()].flatMap((s) => s.split("\n")).filter((l) => l.trim());
const odd = ["ﷺ ﷺ ﷺ", "\ud83d", "\ude00", "\ud83d\ude00", "\u200f", "\ufeff", "ﻻ", "ﷺ", "ﷲ", "\u0640\u0640", "\u064b\u064c", "\u2028", "\u2029", "\u0085", "\r", "\t", "\u00a0", "•", "- ", "المصدر:", "اقرأ أيضا", "مقالات مشابهة", "كلمات دلالية:", "//انتهى//", "©", "\u0000", "\uffff", "٣٤٥", "ABC", ":"];
const line = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...seedLines) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...odd), { maxLength: 8 }).map((x) => x.join("")) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...seedLines), fc.nat(200)).map(([l, k]) => l.slice(0, k)) },
);
const page = fc.tuple(fc.array(fc.tuple(line, fc.constantFrom("\n", "\r\n", "\n\n", "\u2028", "\r", " \n ")), { maxLength: 40 }), fc.option(fc.string({ maxLength: 30 }), { nil: undefined }))
  .map(([ls, title]) => ({ text: ls.map(([l, s]) => l + s).join(""), title }));

/** i falls between the two halves of a surrogate pair. */
const splitsPair = (t: string, i: number) => i > 0 && i < t.length && (t.charCodeAt(i - 1) & 0xfc00) === 0xd800 && (t.charCodeAt(i) & 0xfc00) === 0xdc00;

describe("the scan on odd input (property)", () => {
  it("gives every page blocks, pairs and headlines inside its text, never between a surrogate pair's halves, and throws on nothing", async () => {
    const engine = await testEngine();
    fc.assert(fc.property(fc.array(page, { minLength: 1, maxLength: 6 }), fc.boolean(), (pages, withCopy) => {
      const input = pages.map((p, i) => ({ id: `p${i}`, text: p.text, title: p.title, source: i % 2 ? "s1" : "s2" }));
      if (withCopy) input.push({ ...input[0], id: "copy", text: input[0].text.replace(/ا/g, "أ") });
      const text = new Map(input.map((p) => [p.id, p.text]));
      const scanner = new BatchScanner(engine);
      const records: ScanRecord[] = [...scanner.addChunk(input), ...scanner.finish()];
      const inside = (t: string, [s, e]: readonly [number, number]) => s >= 0 && s < e && e <= t.length && !splitsPair(t, s) && !splitsPair(t, e);
      for (const r of records) {
        expect(JSON.parse(JSON.stringify(r))).toEqual(r);
        if (r.type === "blocks") {
          let last = 0;
          for (const b of r.blocks) {
            expect(b.start).toBeGreaterThanOrEqual(last);
            expect(inside(text.get(r.id)!, [b.start, b.end])).toBe(true);
            last = b.end;
          }
        } else if (r.type === "pair" || r.type === "embeds") {
          const [a, b] = r.type === "pair" ? [r.a, r.b] : [r.page, r.article];
          for (const e of r.evidence) expect(inside(text.get(a)!, e.a) && inside(text.get(b)!, e.b)).toBe(true);
          for (const x of [r.similarity, ...r.containment]) expect(x >= 0 && x <= 1).toBe(true);
        } else if (r.type === "headline_cluster") {
          for (const h of r.headlines) if (h.start >= 0) expect(text.get(h.id)!.slice(h.start, h.end)).toBe(h.text);
        }
      }
      expect(records.filter((r) => r.type === "blocks")).toHaveLength(input.length);
    }), { numRuns: 300 });
  });
});
