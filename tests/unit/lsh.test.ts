import { describe, expect, it } from "vitest";
import { LshIndex } from "../../src/core/lsh-index.js";
import { collisionProbability, optimalParams } from "../../src/core/lsh-params.js";
import { normalize } from "../../src/core/normalize.js";
import { wordShingles } from "../../src/core/shingle.js";
import { sketch } from "../../src/core/signature.js";
import { ARTICLE_SPEC } from "../../src/core/signature-spec.js";
import { story } from "../helpers/seeds.js";

const sig = (text: string) => sketch(wordShingles(normalize(text), 4, ARTICLE_SPEC.seed).hashes, ARTICLE_SPEC).values;

describe("optimalParams", () => {
  it("never exceeds numPerm and puts the S-curve's steep part near the threshold", () => {
    for (const threshold of [0.2, 0.3, 0.5, 0.8]) {
      const p = optimalParams({ threshold, numPerm: 128 });
      expect(p.bands * p.rows).toBeLessThanOrEqual(128);
      expect(collisionProbability(Math.min(1, threshold + 0.2), p)).toBeGreaterThan(0.8);
      expect(collisionProbability(Math.max(0, threshold - 0.2), p)).toBeLessThan(0.35);
    }
  });

  it("trades bands for rows as false negatives get dearer", () => {
    const fnHeavy = optimalParams({ threshold: 0.5, numPerm: 128, falseNegativeWeight: 0.9, falsePositiveWeight: 0.1 });
    const fpHeavy = optimalParams({ threshold: 0.5, numPerm: 128, falseNegativeWeight: 0.1, falsePositiveWeight: 0.9 });
    expect(collisionProbability(0.5, fnHeavy)).toBeGreaterThan(collisionProbability(0.5, fpHeavy));
  });
});

describe("LshIndex", () => {
  const params = optimalParams({ threshold: 0.3, numPerm: 128 });

  it("finds a known near-duplicate among unrelated articles and misses nothing it inserted", () => {
    const index = new LshIndex(128, params, 16);
    for (let i = 0; i < 300; i++) index.insert(sig(story(i)));
    const edited = story(77).replace(/الحكومة/g, "السلطات");
    expect(index.query(sig(edited))).toContain(77);
    for (const i of [0, 150, 299]) expect(index.query(sig(story(i)))).toContain(i);
  });

  it("does not return removed slots, also after compaction", () => {
    const index = new LshIndex(128, params, 16);
    const slots = Array.from({ length: 50 }, (_, i) => index.insert(sig(story(i))));
    index.remove(slots[10]);
    expect(index.query(sig(story(10)))).not.toContain(slots[10]);
    expect(index.size).toBe(49);
  });
});
