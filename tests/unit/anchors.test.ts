import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anchorOverlap, anchorsOf, anchorWeight, MIN_SHARED_ANCHORS, sharedNeeded } from "../../src/core/anchors.js";
import { fmix32 } from "../../src/core/hash.js";

/** The definition, written out: content-defined when the mixed hash's low two bits are zero. */
const contentDefined = (h: number) => (fmix32(h ^ 0x5bd1e995) & 3) === 0;
const keyOf = (h: number) => fmix32(h ^ 0x27d4eb2f) >>> 0;

describe("anchors", () => {
  it("are the opening fingerprint's key, then the content-defined ones', each once; the weight counts the content-defined ones (at least 1)", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.nat()).map((x) => x >>> 0), { maxLength: 120 }), (values) => {
      const hashes = Uint32Array.from(values);
      const fingerprints = { hashes };
      const got = anchorsOf(fingerprints);
      const want: number[] = [];
      hashes.forEach((h, i) => { const k = keyOf(h); if ((i === 0 || contentDefined(h)) && !want.includes(k)) want.push(k); });
      expect([...got]).toEqual(want);
      const defined = new Set([...hashes].filter(contentDefined).map(keyOf)).size;
      expect(anchorWeight(got)).toBe(Math.max(1, defined));
      expect(anchorsOf(fingerprints)).toBe(got); // derived once, kept on the fingerprints
      expect(anchorWeight(Uint32Array.from(got))).toBe(Math.max(1, got.length)); // an array anchorsOf did not give weighs its length
    }));
  });

  it("a pair needs MIN_SHARED_ANCHORS shared, or the smaller weight when it is lower; overlap is over the smaller weight", () => {
    expect(sharedNeeded(10, 12)).toBe(MIN_SHARED_ANCHORS);
    expect(sharedNeeded(1, 12)).toBe(1);
    expect(sharedNeeded(30, 1)).toBe(1);
    expect(anchorOverlap(1, 30, 1)).toBe(1);
    expect(anchorOverlap(2, 10, 40)).toBe(0.2);
    expect(anchorOverlap(3, 400, 300)).toBe(3 / 255); // weights are capped as stored
  });
});
