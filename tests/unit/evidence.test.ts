import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AlignmentMemo, alignPassages, FINGERPRINT_GAP } from "../../src/core/evidence.js";
import type { Fingerprints } from "../../src/core/fingerprints.js";

/** Fingerprints of the given hashes, word-sized offsets (position p covers [10p, 10p + 24)). */
const fp = (hashes: number[]): Fingerprints => ({
  hashes: Uint32Array.from(hashes),
  starts: Int32Array.from(hashes, (_, p) => 10 * p),
  ends: Int32Array.from(hashes, (_, p) => 10 * p + 24),
});

// A small alphabet makes shared runs, repeats, and hashes held more than MAX_OCCURRENCES (8) times.
const text = (alphabet: number) => fc.array(fc.integer({ min: 1, max: alphabet }), { maxLength: 160 });

describe("passages of a copy", () => {
  it("aligns a text with itself as one passage covering it, whatever it repeats (property)", () => {
    // A repeated phrase used to pair its occurrences crosswise, and a run opened on the wrong
    // occurrence took over the copy's own run: passages whose two sides held different text.
    fc.assert(fc.property(fc.oneof(text(30), text(8)).filter((a) => a.length >= 5), fc.constantFrom(FINGERPRINT_GAP, 12), (a, gap) => {
      const { passages } = alignPassages(fp(a), fp(a), gap);
      expect(passages).toEqual([{ a: [0, 10 * (a.length - 1) + 24], b: [0, 10 * (a.length - 1) + 24], shingles: a.length }]);
    }), { numRuns: 1000 });
  });

  it("continues a copy's run past a phrase it repeats nearby, rather than pairing the phrase's occurrences crosswise", () => {
    const a = [1, 2, 3, 4, 5, 6, 50, 51, 7, 8, 50, 51, 9, 10, 11, 12, 13, 14];
    const b = [90, 91, ...a.slice(0, 9), 92, ...a.slice(9)]; // the same text, with words of its own
    const { passages } = alignPassages(fp(a), fp(b), 12);
    expect(passages.map((p) => [p.a, p.b])).toEqual([[[0, 10 * 17 + 24], [20, 10 * 20 + 24]]]);
  });
});

describe("evidence: a's every shingle against b's fingerprints", () => {
  it("keeps a passage on its own text when b holds a repeated phrase's later occurrence as a fingerprint and not its earlier one", () => {
    // b keeps some of a's positions, as winnowing keeps some shingles: the phrase 50 51 occurs twice
    // in a; b holds 50 only at its second occurrence. Reaching for it would carry the passage's b
    // side six positions ahead while a moved one.
    const a = [1, 2, 3, 4, 5, 50, 51, 6, 7, 8, 9, 10, 11, 12, 13, 50, 51, 14, 15, 16];
    const kept = [0, 2, 4, 6, 8, 10, 12, 14, 15, 16, 18];
    const b = kept.map((i) => a[i]);
    const { passages } = alignPassages(fp(a), fp(b));
    expect(passages).toEqual([{ a: [0, 10 * 18 + 24], b: [0, 10 * 10 + 24], shingles: 19 }]);
    // Without the bound (fingerprints on both sides), the same step is taken: the passages then differ.
    expect(alignPassages(fp(a), fp(b), 12, Infinity).passages).not.toEqual(passages);
  });
});

describe("passage alignment from either side's table", () => {
  it("aligns a text against many others through its own table (AlignmentMemo, from its second alignment on) exactly as one alignment probing the other's table does", () => {
    fc.assert(fc.property(text(40), fc.array(fc.oneof(text(40), text(6), text(400)), { minLength: 1, maxLength: 5 }), fc.constantFrom(FINGERPRINT_GAP, 12), (a, others, gap) => {
      const memo = new AlignmentMemo(fp(a), gap);
      others.forEach((b, k) => expect(memo.align(fp(b), `k${k}`)).toEqual(alignPassages(fp(a), fp(b), gap)));
    }), { numRuns: 400 });
  });

  it("treats a hash the other text holds 8 times as any other, and one it holds 9 times as frequent, alike from either side", () => {
    const copyWithRepeats = fc.tuple(text(40), fc.integer({ min: 7, max: 10 }), fc.array(fc.nat(), { minLength: 10, maxLength: 10 })).map(([a, k, at]) => {
      const b = [...a];
      const v = a.length ? a[at[0] % a.length] : 1;
      for (let r = 0; r < k; r++) b.splice(at[r] % (b.length + 1), 0, v);
      return [a, b] as const;
    });
    fc.assert(fc.property(copyWithRepeats, fc.constantFrom(FINGERPRINT_GAP, 12), ([a, b], gap) => {
      const memo = new AlignmentMemo(fp(a), gap);
      memo.align(fp([7, 8, 9]), "warm");
      expect(memo.align(fp(b), "b")).toEqual(alignPassages(fp(a), fp(b), gap));
    }), { numRuns: 400 });
  });

  it("takes a copy's steps in the order of the checked text when the other text holds them out of order (a reordered copy, repeats)", () => {
    const a = Array.from({ length: 60 }, (_, i) => 1000 + i);
    const b = [...a.slice(30), ...a.slice(0, 30), 1005, 1005, 1040]; // second half first, then repeats
    const memo = new AlignmentMemo(fp(a));
    memo.align(fp([7, 8, 9]), "warm"); // the second alignment on goes through a's own table
    const got = memo.align(fp(b), "b");
    expect(got).toEqual(alignPassages(fp(a), fp(b)));
    expect(got.passages).toHaveLength(2);
    expect(got.coverA).toBe(1);
  });
});
