import type { Redis } from "ioredis";
import { anchorsOf } from "../../src/core/anchors.js";
import { decodeArticle } from "../../src/core/article-codec.js";
import { bandKeys } from "../../src/core/lsh-index.js";
import type { LshParams } from "../../src/core/lsh-params.js";
import { keysOfSketch } from "../../src/core/title-index.js";
import { bucketNames } from "../../src/adapters/redis/redis-index-store.js";

/**
 * Checks a Redis index namespace as a whole (a consistency check for tests): the article count, each
 * record's slot and the slot map, bucket entries (none for a slot no longer live; each live article's
 * own present, derived again from its record), and links (both ways, both ends live).
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
  // bucket entries: slot live
  const stride: Record<string, number> = { "B:": 6, "N:": 7, "H:": 6 };
  const entries = new Map<string, Set<string>>(); // bucket name -> "low16:slot"
  for (const k of keys) {
    const kind = k.slice(ns.length, ns.length + 2);
    if (!(kind in stride)) continue;
    const s = (await r.getBuffer(k))!;
    if (s.length % stride[kind] !== 0) problems.push(`bucket ${k} length ${s.length}`);
    const set = new Set<string>();
    for (let p = 0; p + stride[kind] <= s.length; p += stride[kind]) {
      const low = s.readUInt16LE(p), slot = s.readUInt32LE(p + 2);
      if (!idOfSlot.has(slot)) problems.push(`bucket ${k.slice(ns.length)} holds dead slot ${slot}`);
      set.add(`${low}:${slot}`);
    }
    entries.set(k, set);
  }
  // each live article's keys present (caps aside: reported as missing counts)
  let missing = 0, expected = 0;
  for (const id of ids) {
    const buf = (await r.getBuffer(ns + "a:" + id))!;
    const a = decodeArticle(id, buf);
    const bands = bandKeys(a.signature.values, lsh), anchors = anchorsOf(a.fingerprints), titles = a.titleSketch ? keysOfSketch(a.titleSketch) : new Uint32Array(0);
    const names = bucketNames(ns, bands, anchors, titles);
    const all = [...bands, ...anchors, ...titles];
    const width = names.length / all.length;
    all.forEach((key, i) => {
      expected++;
      const name = names.slice(i * width, (i + 1) * width);
      if (!entries.get(name)?.has(`${key & 0xffff}:${slotOf.get(id)}`)) missing++;
    });
  }
  if (missing) problems.push(`missing entries ${missing} of ${expected} (a key held by MAX_*_POSTINGS articles may explain some)`);
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
