import { describe, expect, it } from "vitest";
import { clusterCopies, pickCanonical } from "../../src/core/clusters.js";

describe("copy clusters", () => {
  it("joins copies transitively and picks the earliest published as canonical", () => {
    const members = [
      { id: "a", publishedAt: "2024-08-02T10:00:00Z", firstSeen: 0 },
      { id: "b", publishedAt: "2024-08-01T09:00:00Z", firstSeen: 1 },
      { id: "c", firstSeen: 2 },
      { id: "d", firstSeen: 3 },
    ];
    const c = clusterCopies(members, [
      { a: "a", b: "b", kind: "near_duplicate", containment: [0.9, 0.9] },
      { a: "b", b: "c", kind: "partial", containment: [0.3, 0.95] },
      { a: "c", b: "d", kind: "partial", containment: [0.4, 0.3] },
    ]);
    expect(c).toEqual([{ canonical: "b", members: ["a", "b", "c"] }]);
  });

  it("falls back to first seen without dates", () => {
    expect(pickCanonical([{ id: "x", firstSeen: 5 }, { id: "y", firstSeen: 2 }]).id).toBe("y");
  });
});
