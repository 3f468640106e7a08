import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Arena } from "../../src/core/scratch.js";

describe("Arena", () => {
  it("gives zeroed arrays that never overlap, across slabs and past the slab size (property)", () => {
    let crossed = 0;
    const kind = fc.constantFrom("u32", "i32", "u16") as fc.Arbitrary<"u32" | "i32" | "u16">;
    fc.assert(fc.property(fc.array(fc.tuple(kind, fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1_000, max: 8_000 }), fc.integer({ min: 10_000, max: 40_000 }))), { minLength: 40, maxLength: 80 }), (asks) => {
      const arena = new Arena();
      const got = asks.map(([k, n], i) => {
        const a = arena[k](n);
        expect(a.length).toBe(n);
        expect(a.every((x) => x === 0)).toBe(true);
        a.fill(i + 1);
        return a;
      });
      got.forEach((a, i) => expect(a.every((x) => x === i + 1)).toBe(true));
      if (new Set(got.map((a) => a.buffer)).size > asks.filter(([k, n]) => n * (k === "u16" ? 2 : 4) > 32_768).length + 1) crossed++;
    }), { numRuns: 100 });
    expect(crossed).toBeGreaterThan(30); // runs that filled a slab and went on in another
  });
});
