import { describe, expect, it } from "vitest";
import { MemoryIndexStore } from "../../src/adapters/memory/memory-index-store.js";
import { findCluster } from "../../src/app/cluster-view.js";
import { toStored } from "../../src/core/match.js";
import { specKey } from "../../src/core/signature-spec.js";
import type { StoredLink } from "../../src/ports.js";
import { testEngine } from "../helpers/engine.js";
import { story } from "../helpers/seeds.js";

const copy = (id: string): StoredLink => ({ id, kind: "near_duplicate", similarity: 0.9, containment: [0.9, 0.9] });

describe("findCluster", () => {
  it("walks copy links level by level, names the earliest as canonical, and cuts at 500 members", async () => {
    const e = await testEngine();
    const store = new MemoryIndexStore(specKey(e.options.spec), e.options.spec.numPerm, e.lsh);
    const base = toStored(e.analyze({ id: "x", text: story(60, 12) }), 0, 0);
    // a chain hub-0 ... hub-10, each hub with 48 copies (and its two neighbours: MAX_LINKS in all): 539 articles in one cluster
    for (let h = 0; h < 11; h++) {
      await store.upsert({ ...base, id: `hub-${h}`, meta: { ...base.meta, firstSeen: 100 + h } }, h > 0 ? [copy(`hub-${h - 1}`)] : []);
      for (let k = 0; k < 48; k++) await store.upsert({ ...base, id: `c-${h}-${k}`, meta: { ...base.meta, firstSeen: 1_000 + k } }, [copy(`hub-${h}`)]);
    }
    const small = await findCluster(store, "c-0-5");
    expect(small.truncated).toBe(true);
    expect(small.members).toHaveLength(500);
    expect(small.canonical).toBe("hub-0");
    // A cluster under the cut is whole.
    await store.upsert({ ...base, id: "lone-a", meta: { ...base.meta, firstSeen: 7 } }, []);
    await store.upsert({ ...base, id: "lone-b", meta: { ...base.meta, firstSeen: 3 } }, [copy("lone-a")]);
    expect(await findCluster(store, "lone-a")).toEqual({ canonical: "lone-b", members: ["lone-a", "lone-b"], truncated: false });
  });
});
