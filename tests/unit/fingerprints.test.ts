import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gatherWords } from "../../src/core/body-text.js";
import { winnow } from "../../src/core/fingerprints.js";
import { splitLines } from "../../src/core/lines.js";
import type { LabeledLine } from "../../src/core/segment.js";

/** Winnowing by definition: in every window, the rightmost minimum; each position kept once. */
function reference(hashes: number[], window: number): number[] {
  if (hashes.length <= window) return hashes.map((_, i) => i);
  const picked: number[] = [];
  for (let w = 0; w + window <= hashes.length; w++) {
    let min = w;
    for (let i = w + 1; i < w + window; i++) if (hashes[i] <= hashes[min]) min = i;
    if (picked[picked.length - 1] !== min) picked.push(min);
  }
  return picked;
}

describe("winnowing", () => {
  it("keeps the rightmost minimum of every window, as the definition does (ties and runs included)", () => {
    // Small values force ties and long runs of one value, where carrying the minimum can go wrong.
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 80 }), fc.integer({ min: 1, max: 9 }), (values, window) => {
      const hashes = Uint32Array.from(values);
      const starts = Int32Array.from(values, (_, i) => 10 * i), ends = Int32Array.from(values, (_, i) => 10 * i + 7);
      const f = winnow(hashes, starts, ends, window);
      const want = reference(values, window);
      expect(Array.from(f.starts, (s) => s / 10)).toEqual(want);
      expect(Array.from(f.hashes)).toEqual(want.map((i) => values[i]));
      expect(Array.from(f.ends)).toEqual(want.map((i) => 10 * i + 7));
    }), { numRuns: 500 });
  });
});

describe("gathering a page's words by line role", () => {
  it("returns the words of the chosen lines in page order, with their raw ranges", () => {
    const text = "العنوان هنا\nالفقرة الأولى من الخبر.\nالمصدر: وكالة\nالفقرة الثانية والأخيرة.";
    const lines = splitLines(text);
    const roles = ["title", "body", "source", "body"] as const;
    const labeled = lines.map((line, i) => ({ line, role: roles[i] }) as LabeledLine);
    const w = gatherWords(labeled, new Set(["body"]));
    const words = Array.from({ length: w.hashes.length }, (_, i) => text.slice(w.raw[2 * i], w.raw[2 * i + 1]));
    expect(words).toEqual(["الفقرة", "الأولى", "من", "الخبر", "الفقرة", "الثانية", "والأخيرة"]);
    expect(Array.from(w.hashes)).toEqual([...lines[1].page.wordHash.subarray(lines[1].w0, lines[1].w1), ...lines[3].page.wordHash.subarray(lines[3].w0, lines[3].w1)]);
  });
});
