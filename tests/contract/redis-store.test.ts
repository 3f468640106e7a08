import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_LAYOUT, RedisIndexStore } from "../../src/adapters/redis/redis-index-store.js";
import { registerScripts } from "../../src/adapters/redis/scripts.js";
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

  it("counts a band key only at a pair boundary of its bucket, not where its bytes straddle two fields", async () => {
    const r = registerScripts(new Redis(server.url));
    const ns = `${randomPrefix()}:${KEY_LAYOUT}:`;
    try {
      const key = 0x04030201; // bytes 01 02 03 04
      const pair = (k: number, slot: number) => { const b = Buffer.alloc(8); b.writeUInt32LE(k, 0); b.writeUInt32LE(slot, 4); return b; };
      // first pair: key aa bb 01 02 and slot 03 04 00 00 (1027), so the key's bytes appear at offset 2
      await r.set(`${ns}B:${Math.floor(key / 16384)}`, Buffer.concat([pair(0x0201bbaa, 1027), pair(key, 7)]));
      await r.hset(`${ns}S:8`, "1027", "straddling");
      await r.hset(`${ns}S:0`, "7", "boundary");
      const k = Buffer.alloc(4); k.writeUInt32LE(key, 0);
      expect(await r.tikrarCandidates(ns, k, Buffer.alloc(0), "", 10, 2)).toEqual(["boundary"]);
    } finally { r.disconnect(); }
  });
});
