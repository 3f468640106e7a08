import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gatherWords } from "../../src/core/body-text.js";
import { splitLines } from "../../src/core/lines.js";
import type { LineRole } from "../../src/core/segment.js";

const BODY: ReadonlySet<LineRole> = new Set(["body"]);
const LINES = ["وزارة الصحة في الرياض", "", "  ", "المصدر: واس", "قال المتحدث إن الوزارة", "،", "2015 أغسطس", "ﻻ أَحمد"];

describe("gatherWords", () => {
  it("gives the words of the chosen lines in page order, whether they are one run of the page's words or not (property)", () => {
    let views = 0, copies = 0;
    const page = fc.array(fc.constantFrom(...LINES), { maxLength: 12 });
    fc.assert(fc.property(page, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (texts, body) => {
      const lines = splitLines(texts.join("\n"));
      const labeled = lines.map((line, i) => ({ line, role: (body[i] ? "body" : "boilerplate") as LineRole }));
      const hashes: number[] = [], raw: number[] = [];
      for (const { line, role } of labeled) {
        if (role !== "body") continue;
        for (let w = line.w0; w < line.w1; w++) { hashes.push(line.page.wordHash[w]); raw.push(line.page.wordRaw[2 * w], line.page.wordRaw[2 * w + 1]); }
      }
      const got = gatherWords(labeled, BODY);
      expect([...got.hashes]).toEqual(hashes);
      expect([...got.raw]).toEqual(raw);
      if (hashes.length === 0) return;
      const whole = lines[0].page.wordHash;
      const inPage = got.hashes.buffer === whole.buffer && got.hashes.byteOffset >= whole.byteOffset && got.hashes.byteOffset < whole.byteOffset + whole.byteLength;
      if (inPage) views++; else copies++;
    }), { numRuns: 400 });
    // both ways are taken: a view of the page's words, and a copy of lines with others between them
    expect(views).toBeGreaterThan(20);
    expect(copies).toBeGreaterThan(20);
  });
});
