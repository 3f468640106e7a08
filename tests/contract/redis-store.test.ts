import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_LAYOUT, RedisIndexStore } from "../../src/adapters/redis/redis-index-store.js";
import { anchorsOf } from "../../src/core/anchors.js";
import { bandKeys } from "../../src/core/lsh-index.js";
import { toStored } from "../../src/core/match.js";
import { testEngine } from "../helpers/engine.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";
import { indexStoreContract } from "./index-store.contract.js";

let server: RedisServer;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server?.stop(); });

indexStoreContract("redis", async () => {
  const e = await testEngine();
  return new RedisIndexStore(new Redis(server.url, { maxRetriesPerRequest: null }), randomPrefix(), e.lsh, true);
});

describe("Redis key layout", () => {
  /** Bucket entries (key, slot) under a namespace, as "kind key slot" strings. */
  async function bucketEntries(r: Redis, ns: string): Promise<string[]> {
    const out: string[] = [];
    for (const kind of ["B", "N"]) {
      for (const k of await r.keys(`${ns}${kind}:*`)) {
        const s = (await r.getBuffer(k))!;
        for (let p = 0; p < s.length; p += 8) out.push(`${kind} ${s.readUInt32LE(p)} ${s.readUInt32LE(p + 4)}`);
      }
    }
    return out.sort();
  }

  it("stores the band keys and anchors the core computes, and removal (re-deriving them in Lua) leaves no bucket entry", async () => {
    const e = await testEngine();
    const r = new Redis(server.url);
    const prefix = randomPrefix();
    const ns = `${prefix}:${KEY_LAYOUT}:`;
    const store = new RedisIndexStore(r, prefix, e.lsh);
    try {
      const articles = [1, 2, 3, 4, 5].map((seed) => toStored(e.analyze({ id: `k${seed}`, text: story(200 + seed, 16) }), seed, 0));
      for (const a of articles) await store.upsert(a, []);
      const expected: string[] = [];
      for (const [i, a] of articles.entries()) {
        const slot = i + 1;
        for (const k of bandKeys(a.signature.values, e.lsh)) expected.push(`B ${k} ${slot}`);
        for (const k of anchorsOf(a.fingerprints)) expected.push(`N ${k} ${slot}`);
      }
      expect(await bucketEntries(r, ns)).toEqual(expected.sort());
      // a new version of k1 replaces the old memberships; then everything is removed
      await store.upsert(toStored(e.analyze({ id: "k1", text: story(300, 16) }), 9, 1), []);
      for (const a of articles) expect(await store.remove(a.id)).toBe(true);
      expect(await bucketEntries(r, ns)).toEqual([]);
      expect(await r.keys(`${ns}a:*`)).toEqual([]);
    } finally { r.disconnect(); }
  });
});
