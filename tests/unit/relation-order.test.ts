import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { relateBodies } from "../../src/core/relations.js";
import { testEngine } from "../helpers/engine.js";
import { story } from "../helpers/seeds.js";

/** Paragraphs of a few stories: pages are drawn from them, so pairs share some, all or none. */
const pool = [1, 2, 3].flatMap((seed) => story(seed, 14).split("\n\n"));

/** A page: some paragraphs of the pool in order, some words of them changed. */
const page = fc.record({
  from: fc.nat(pool.length - 1),
  length: fc.integer({ min: 3, max: 20 }),
  edits: fc.array(fc.nat(400), { maxLength: 6 }),
}).map(({ from, length, edits }) => {
  const words = pool.slice(from, from + length).join("\n\n").split(" ");
  for (const e of edits) words[e % words.length] = "تعديل";
  return words.join(" ");
});

describe("a relation does not depend on which article was indexed first", () => {
  it("relating A to indexed B and B to indexed A gives the same kind and similarity, and mirrored containment", async () => {
    const e = await testEngine();
    fc.assert(fc.property(page, page, (x, y) => {
      const A = e.analyze({ id: "A", text: x }).body, B = e.analyze({ id: "B", text: y }).body;
      const ab = relateBodies(A, B), ba = relateBodies(B, A);
      if (!ab.ok || !ba.ok) throw new Error("same spec");
      expect(ab.value?.kind).toBe(ba.value?.kind);
      if (!ab.value || !ba.value) return;
      expect(ab.value.similarity).toBe(ba.value.similarity);
      expect(ab.value.containment).toEqual([ba.value.containment[1], ba.value.containment[0]]);
    }), { numRuns: 300, seed: 20261123 });
  });
});
