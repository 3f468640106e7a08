import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitLines } from "../../src/core/lines.js";
import { matchMarker, matchMarkerOfLine } from "../../src/core/markers.js";

// Spellings as pages type them: prefix markers, whole-line markers, near misses.
const HEADS = ["المصدر", "المصدرية", "الوصدر", "مصدر الخبر", "كلمات دلالية", "إقرأ أيضاً", "اقرا ايضا", "قد يهمك", "قد يهمك أيضاً", "قد يهمكم", "الأكثر قراءة", "جميع الحقوق محفوظة", "جميع المقالات المنشورة تمثل", "تابعونا على", "// انتهى //", "انتهى", "الرئيسية", "Source", "read also", "ال", "ا", ""];
const WORDS = ["الخبر", "في", "الرياض", "،", ":", "وزارة", "الصحة", "2015", "«", "»", "ـ", "\u200f", "ﻻ", "أَحمد"];

describe("matchMarkerOfLine", () => {
  it("matches a page's lines as matchMarker matches their text, short or long (property)", () => {
    const line = fc.tuple(fc.constantFrom(...HEADS), fc.constantFrom(" ", ": ", "", " - "), fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }))
      .map(([head, sep, words]) => head + sep + words.join(" "));
    let long = 0, found = 0;
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
      for (const l of splitLines(lines.join("\n"))) {
        const expected = matchMarker(l.text);
        expect(matchMarkerOfLine(l)).toEqual(expected);
        if (l.n1 - l.n0 > 40) long++;
        if (expected && l.n1 - l.n0 > 40) found++;
      }
    }), { numRuns: 500 });
    // the generator reaches the path for long lines, with and without a marker
    expect(long).toBeGreaterThan(100);
    expect(found).toBeGreaterThan(20);
  });
});
