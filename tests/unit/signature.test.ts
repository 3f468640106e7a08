import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FNV_OFFSET, FNV_PRIME, fmix32 } from "../../src/core/hash.js";
import { charGrams, textShingles } from "../../src/core/shingle.js";
import { estimateJaccard, sketch } from "../../src/core/signature.js";
import { ARTICLE_SPEC, HEADLINE_SPEC, specKey, validateSpec } from "../../src/core/signature-spec.js";
import { relateBodies } from "../../src/core/relations.js";
import { testEngine } from "../helpers/engine.js";
import { story } from "../helpers/seeds.js";

const sig = (text: string) => sketch(textShingles(text, ARTICLE_SPEC.size, ARTICLE_SPEC.seed), ARTICLE_SPEC);

describe("MinHash signatures", () => {
  it("carries its spec and has numPerm values", () => {
    const s = sig(story(1));
    expect(s.spec).toBe(specKey(ARTICLE_SPEC));
    expect(s.values).toHaveLength(128);
    expect(s.values.includes(0xffffffff)).toBe(false);
  });

  it("is deterministic across processes", () => {
    const script = fileURLToPath(new URL("../helpers/print-signature.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
    const other = execFileSync(tsx, [script], { encoding: "utf8" }).trim();
    expect(other).toBe(Array.from(sig(story(42)).values).join(","));
  });

  it("estimates identical texts at 1 and unrelated texts near 0", () => {
    expect(estimateJaccard(sig(story(3)), sig(story(3)))).toEqual({ ok: true, value: 1 });
    const r = estimateJaccard(sig(story(3)), sig(story(4)));
    expect(r.ok && r.value).toBeLessThan(0.1);
  });

  it("reports a spec mismatch as an error value, never a low score", () => {
    const other = sketch(textShingles(story(3), 4, 999), { ...ARTICLE_SPEC, seed: 999 });
    const r = estimateJaccard(sig(story(3)), other);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("spec_mismatch");
  });

  it("rejects impossible specs", () => {
    expect(validateSpec({ ...ARTICLE_SPEC, numPerm: 100 })).toMatch(/power of two/);
    expect(validateSpec(HEADLINE_SPEC)).toBeUndefined();
  });

  it("tracks the estimator error against exact Jaccard within a few RMSE", () => {
    const a = textShingles(story(7, 60), 4, ARTICLE_SPEC.seed);
    const half = a.slice(0, Math.floor(a.length * 0.6));
    const b = Uint32Array.from([...half, ...textShingles(story(8, 30), 4, ARTICLE_SPEC.seed)]);
    const sa = new Set(a), sb = new Set(b);
    const inter = [...sa].filter((h) => sb.has(h)).length;
    const exact = inter / (sa.size + sb.size - inter);
    const est = estimateJaccard(sketch(a, ARTICLE_SPEC), sketch(b, ARTICLE_SPEC));
    const rmse = Math.sqrt((exact * (1 - exact)) / 128);
    expect(est.ok && Math.abs(est.value - exact)).toBeLessThan(4 * rmse);
  });
});

describe("character n-grams of a headline", () => {
  // The definition: every n code units of " text " hashed (a text shorter than n: the whole of it), distinct, sorted.
  const byDefinition = (text: string, n: number, seed: number): number[] => {
    if (text.length === 0) return [];
    const t = ` ${text} `, out = new Set<number>();
    for (let i = 0; i === 0 || i + n <= t.length; i++) {
      let h = FNV_OFFSET ^ seed;
      for (let j = i; j < Math.min(t.length, i + n); j++) h = Math.imul(h ^ t.charCodeAt(j), FNV_PRIME);
      out.add(fmix32(h));
    }
    return [...out].sort((a, b) => a - b);
  };

  it("are the distinct hashes of every n code units of the text with a space at each end, sorted", () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom("ا", "ب", "ت", " ", "a", "\ud83d", "ي"), maxLength: 300 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (text, n, seed) => {
      expect([...charGrams(text, n, seed)]).toEqual(byDefinition(text, n, seed));
    }), { numRuns: 400 });
  });

  it("a result is its own: later calls (which reuse the hashing buffer) leave it as it was", () => {
    const long = "عاجل ".repeat(200), first = charGrams(long, 3, 7), copy = Uint32Array.from(first);
    charGrams("وزير الخارجية يبحث مع نظيره", 3, 7);
    charGrams("x".repeat(5000), 3, 7);
    expect(first).toEqual(copy);
  });
});

describe("empty and very short texts never match", () => {
  it.each([["empty", ""], ["punctuation only", "،؛؟ … «»"], ["a few words", "خبر قصير جدا"]])("%s", async (_n, text) => {
    const engine = await testEngine();
    const a = engine.analyze({ id: "a", text });
    const b = engine.analyze({ id: "b", text });
    expect(a.body.matchable).toBe(false);
    const r = relateBodies(a.body, b.body);
    expect(r).toEqual({ ok: true, value: undefined });
  });
});
