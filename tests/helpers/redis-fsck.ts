import type { Redis } from "ioredis";
import { anchorsOf, MAX_ANCHOR_POSTINGS } from "../../src/core/anchors.js";
import { decodeArticle } from "../../src/core/article-codec.js";
import { bandKeys, MAX_BAND_POSTINGS } from "../../src/core/lsh-index.js";
import type { LshParams } from "../../src/core/lsh-params.js";
import { keysOfSketch, MAX_TITLE_POSTINGS } from "../../src/core/title-index.js";
import { bucketNames, bucketOf } from "../../src/adapters/redis/redis-index-store.js";
import { decodeBucket } from "./redis-buckets.js";

/**
 * Checks a Redis index namespace as a whole (a consistency check for tests): the article count, each
 * record's slot and the slot map, bucket entries (none for a slot no longer live, each in the bucket
 * its key has at the namespace's growth; each live article's own present, derived again from its
 * record, under the names the client computes, unless its key is held by as many articles as a key
 * may be), and links (both ways, both ends live).
 */
export async function checkIndex(r: Redis, ns: string, lsh: LshParams): Promise<string[]> {
  const problems: string[] = [];
  const keys: string[] = [];
  let cursor = "0";
  do { const [c, ks] = await r.scan(cursor, "MATCH", ns + "*", "COUNT", 1000); cursor = c; keys.push(...ks); } while (cursor !== "0");
  const ids = keys.filter((k) => k.startsWith(ns + "a:")).map((k) => k.slice(ns.length + 2));
  const count = Number(await r.get(ns + "count") ?? 0);
  if (count !== ids.length) problems.push(`count ${count} but ${ids.length} records`);
  const slotOf = new Map<string, number>(), idOfSlot = new Map<number, string>();
  for (const id of ids) {
    const buf = (await r.getBuffer(ns + "a:" + id))!;
    const slot = buf.readUInt32LE(9);
    slotOf.set(id, slot);
    const back = await r.hget(ns + "S:" + Math.floor(slot / 128), String(slot));
    if (back !== id) problems.push(`slot ${slot} of ${id} maps to ${back}`);
    idOfSlot.set(slot, id);
  }
  for (const k of keys.filter((k) => k.startsWith(ns + "S:"))) {
    const h = await r.hgetall(k);
    for (const [slot, id] of Object.entries(h)) if (slotOf.get(id) !== Number(slot)) problems.push(`S maps dead slot ${slot} to ${id}`);
  }
  // bucket entries: slot live, key in the bucket its growth gives it
  const growth = Number((await r.get(ns + "g")) ?? 0);
  const entries = new Map<string, Set<string>>(); // bucket name -> "key:slot"
  const holders = new Map<string, number>(); // bucket name and key -> entries
  for (const k of keys) {
    const kind = k.slice(ns.length, ns.length + 2);
    if (kind !== "B:" && kind !== "N:" && kind !== "H:") continue;
    const bucket = decodeBucket(k, kind[0] as "B" | "N" | "H", (await r.getBuffer(k))!);
    problems.push(...bucket.problems);
    const set = new Set<string>();
    for (const { key, slot } of bucket.entries) {
      if (!idOfSlot.has(slot)) problems.push(`bucket ${k.slice(ns.length)} holds dead slot ${slot}`);
      const home = bucketOf(kind[0] as "B" | "N" | "H", key, growth).code;
      if (!k.endsWith(":" + home)) problems.push(`bucket ${k.slice(ns.length)} holds key ${key}, whose bucket at growth ${growth} is ${home}`);
      set.add(`${key}:${slot}`);
      holders.set(`${k} ${key}`, (holders.get(`${k} ${key}`) ?? 0) + 1);
    }
    entries.set(k, set);
  }
  // each live article's keys present, unless the key is held by as many articles as it may be
  let missing = 0, expected = 0;
  for (const id of ids) {
    const buf = (await r.getBuffer(ns + "a:" + id))!;
    const a = decodeArticle(id, buf);
    const bands = bandKeys(a.signature.values, lsh), anchors = anchorsOf(a.fingerprints), titles = a.titleSketch ? keysOfSketch(a.titleSketch) : new Uint32Array(0);
    const names = bucketNames(ns, bands, anchors, titles, growth);
    const all = [...bands, ...anchors, ...titles];
    const cap = (i: number) => (i < bands.length ? MAX_BAND_POSTINGS : i < bands.length + anchors.length ? MAX_ANCHOR_POSTINGS : MAX_TITLE_POSTINGS);
    const width = names.length / all.length;
    all.forEach((key, i) => {
      expected++;
      const name = names.slice(i * width, (i + 1) * width);
      if (!entries.get(name)?.has(`${key}:${slotOf.get(id)}`) && (holders.get(`${name} ${key}`) ?? 0) < cap(i)) missing++;
    });
  }
  if (missing) problems.push(`missing entries ${missing} of ${expected}, of keys held by fewer articles than their cap`);
  // links: symmetric, both ends live
  for (const k of keys.filter((k) => k.startsWith(ns + "l:"))) {
    const id = k.slice(ns.length + 2);
    if (!slotOf.has(id)) problems.push(`links of dead ${id}`);
    for (const other of await r.hkeys(k)) {
      if (!slotOf.has(other)) problems.push(`link ${id} -> dead ${other}`);
      if (!(await r.hexists(ns + "l:" + other, id))) problems.push(`link ${id} -> ${other} one-sided`);
    }
  }
  return problems;
}
