import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortSmall } from "../../src/core/sort-small.js";

describe("sortSmall", () => {
  it("sorts in place as a stable sort does, short arrays and long (property)", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 40 }), (keys) => {
      const items = keys.map((key, at) => ({ key, at })); // equal keys keep their order
      const want = [...items].sort((x, y) => x.key - y.key);
      const got = sortSmall(items, (x, y) => x.key - y.key);
      expect(got).toBe(items);
      expect(got).toEqual(want);
    }), { numRuns: 300 });
  });
});
