import fc from "fast-check";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { hashString } from "../../src/core/hash.js";
import { normalize, normalizePage, normalizeText } from "../../src/core/normalize.js";

describe("normalizeText: one case per character class", () => {
  const cases: [string, string, string][] = [
    ["diacritics and tanween", "كَتَبَ الطالبُ درساً", "كتب الطالب درسا"],
    ["shadda and sukun", "محمّدْ", "محمد"],
    ["superscript alef and Quranic marks", "هٰذا ذٰلِكَ ۖ", "هذا ذلك"],
    ["tatweel", "الـرياض هـ", "الرياض ه"],
    ["alef with hamza above, below, madda, wasla", "أحمد إسلام آمن ٱلله", "احمد اسلام امن الله"],
    ["alef maqsura", "على مستشفى", "علي مستشفي"],
    ["teh marbuta", "مدينة", "مدينه"],
    ["waw and yeh with hamza", "مؤتمر رئيس", "موتمر رييس"],
    ["Persian yeh and keheh", "عربی کتاب", "عربي كتاب"],
    ["Arabic-Indic and Persian digits", "٢٠٢٤ ۱۴۳۶", "2024 1436"],
    ["bidi and zero-width marks, soft hyphen, BOM", "\u200fمر\u200bحبا\u202b \u2066نص\u2069\u061c\ufeff\u00adا", "مرحبا نصا"],
    ["punctuation ، ؛ ؟ « » “ ” •", "«قال»، نعم؛ لماذا؟ “هنا” • هناك", "قال نعم لماذا هنا هناك"],
    ["NBSP and other spaces", "كلمة\u00a0أخرى\u2003ثالثة", "كلمه اخري ثالثه"],
    ["Latin lowercase", "CNN Arabic", "cnn arabic"],
    ["presentation forms: lam-alef ligature", "\ufefbعب \ufef5", "لاعب لا"],
    ["isolated presentation letters", "\ufe8d\ufedf\ufecc\ufeae\ufe91", "العرب"],
    ["whitespace collapses, ends trimmed", "   سطر \n\n  ثان  ", "سطر ثان"],
  ];
  it.each(cases)("%s", (_name, raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  it("returns empty for empty and symbol-only text", () => {
    expect(normalizeText("")).toBe("");
    expect(normalizeText(" ،؛؟ «» \u200f\u200b ")).toBe("");
  });

  it("survives lone surrogates and astral symbols", () => {
    expect(normalizeText("نص\ud800آخر\udc00 😀 end")).toBe("نص اخر end");
  });
});

describe("expansions: one code unit whose NFKC form is many (ﷺ is 18)", () => {
  const salla = "صلي الله عليه وسلم";
  it("folds ﷺ to its words", () => {
    expect(normalizeText("ﷺ")).toBe(salla);
  });

  it("expands however many a text holds, short or after a longer page grew the scratch", () => {
    for (const earlier of ["", "ا ".repeat(20_000)]) {
      if (earlier) normalizePage(earlier);
      for (const k of [1, 3, 4, 50, 2_000]) {
        const raw = "محمد ﷺ ".repeat(k);
        const expected = Array(k).fill(`محمد ${salla}`).join(" ");
        expect(normalizeText(raw)).toBe(expected);
        expect(normalizePage(raw).text).toBe(expected);
        const n = normalize(raw);
        expect(n.text).toBe(expected);
        expect(n.starts.length).toBe(expected.length);
        expect(raw.slice(n.starts[expected.length - 1], n.ends[expected.length - 1])).toBe("ﷺ");
      }
    }
  });
});

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const buffersAfterGc = () => { gc(); gc(); return process.memoryUsage().arrayBuffers; };

describe("scratch memory", () => {
  it("lets a huge page's scratch go once it is normalized", () => {
    const huge = "ﷺ".repeat(200_000); // 3.6M code units once folded
    normalizePage("مرحبا"); // the scratch at its usual size
    const before = buffersAfterGc();
    expect(normalizePage(huge).text.length).toBe(3_600_000);
    expect(normalize(huge).text.length).toBe(3_600_000);
    // Kept, the scratch grown for it would hold ~100 MB (code units, word hashes and word ranges).
    expect(buffersAfterGc() - before).toBeLessThan(8_000_000);
  });
});

/** Any code unit, with ligatures that expand to many units (ﷺ 18, ﷻ 8, ﻻ 2) frequent. */
const unitsWithExpansions = fc.string({ unit: fc.oneof({ weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.constantFrom("ﷺ", "ﷻ", "ﻻ") }), maxLength: 200 });

describe("offset map", () => {
  it("maps every normalized character back to the raw text it came from", () => {
    const raw = "«مباحثاتٌ» ﻻ ٣ Ab\u200f ة";
    const n = normalize(raw);
    for (let i = 0; i < n.text.length; i++) {
      if (n.text[i] === " ") continue;
      expect(normalizeText(raw.slice(n.starts[i], n.ends[i]))).toContain(n.text[i]);
    }
  });

  it("round-trips on arbitrary Unicode (property)", () => {
    fc.assert(
      fc.property(unitsWithExpansions, fc.nat(50), (s, off) => {
        const raw = "x".repeat(off) + s;
        const n = normalize(raw, off);
        expect(n.starts.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.starts[i]).toBeGreaterThanOrEqual(off);
          expect(n.ends[i]).toBeLessThanOrEqual(raw.length);
          expect(n.starts[i]).toBeLessThanOrEqual(n.ends[i]);
          if (i > 0) expect(n.starts[i]).toBeGreaterThanOrEqual(n.starts[i - 1]);
        }
        expect(n.text).toBe(n.text.trim());
        expect(n.text).not.toMatch(/ {2}/);
      }),
      { numRuns: 300 },
    );
  });

  it("is idempotent (property)", () => {
    fc.assert(fc.property(fc.string({ maxLength: 100 }), (s) => {
      const once = normalizeText(s);
      expect(normalizeText(once)).toBe(once);
    }), { numRuns: 300 });
  });
});

describe("normalizePage: lines and words in one pass", () => {
  const lineBreak = fc.constantFrom("\n", "\r\n", "\u2028", "\u0085");
  const text = fc.array(fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.constantFrom("ﻻعب", "أَحمد", "\ud83d\ude00", "، ", "  ", "CNN", "⅐", "ﷺ", "ﷺﷺ ﷺ"), lineBreak), { maxLength: 30 }).map((xs) => xs.join(""));

  it("gives each line the text and words of normalizing that line alone, with raw word ranges (property)", () => {
    fc.assert(fc.property(text, (raw) => {
      const page = normalizePage(raw);
      const rawLines = raw.split(/\n|\u2028|\u2029|\u0085/);
      expect(page.lineEnds.length).toBe(rawLines.length);
      let from = 0;
      rawLines.forEach((rawLine, k) => {
        const lineText = page.text.slice(k === 0 ? 0 : page.lineEnds[k - 1], page.lineEnds[k]);
        expect(lineText).toBe(normalizeText(rawLine));
        const words = lineText === "" ? [] : lineText.split(" ");
        const w0 = k === 0 ? 0 : page.lineWords[k - 1];
        expect(page.lineWords[k] - w0).toBe(words.length);
        words.forEach((w, j) => {
          expect(page.wordHash[w0 + j]).toBe(hashString(w));
          const [s, e] = [page.wordRaw[2 * (w0 + j)], page.wordRaw[2 * (w0 + j) + 1]];
          expect(s).toBeGreaterThanOrEqual(from);
          expect(e).toBeGreaterThan(s);
          // the raw range normalizes to the word — or, for one unit whose NFKC form holds a
          // separator (⅐ → "1 7"), to a text that has the word among its words
          expect(normalizeText(raw.slice(s, e)).split(" ")).toContain(w);
          from = s;
        });
      });
    }), { numRuns: 400 });
  });
});
