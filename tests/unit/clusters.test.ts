import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
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

  it("orders revisions and picks canonicals the same in every time zone: a date-time without an offset is UTC", () => {
    const script = fileURLToPath(new URL("../helpers/print-published.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
    const run = (TZ: string) => JSON.parse(execFileSync(tsx, [script], { encoding: "utf8", env: { ...process.env, TZ } }));
    const utc = Date.UTC(2024, 7, 1, 10);
    const expected = { revisions: [utc, utc, utc + 250, Date.UTC(2024, 7, 1), utc - 3 * 3600_000, utc], canonical: "riyadh" };
    for (const tz of ["UTC", "Asia/Riyadh", "America/New_York"]) expect(run(tz)).toEqual(expected);
  });
});
