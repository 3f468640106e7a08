import type { Redis } from "ioredis";

export async function usedMemory(r: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await r.info("memory"))![1]);
}

/** MEMORY USAGE summed by key kind (a: records, B: band buckets, N: anchor buckets, l: links, S: slot map), pipelined. */
export async function memoryByKind(r: Redis, ns: string, articles: number): Promise<string> {
  const sums = new Map<string, { keys: number; bytes: number; payload: number }>();
  let cursor = "0";
  do {
    const [next, keys] = await r.scan(cursor, "MATCH", ns + "*", "COUNT", 2000);
    cursor = next;
    const p = r.pipeline();
    for (const k of keys) { p.memory("USAGE", k, "SAMPLES", "0"); p.strlen(k); }
    const res = (await p.exec()) ?? [];
    keys.forEach((k, i) => {
      const kind = k.slice(ns.length).split(":")[0];
      const s = sums.get(kind) ?? { keys: 0, bytes: 0, payload: 0 };
      s.keys++; s.bytes += Number(res[2 * i]?.[1] ?? 0); s.payload += Number(res[2 * i + 1]?.[1] ?? 0); // strlen errors (0) on hashes
      sums.set(kind, s);
    });
  } while (cursor !== "0");
  return [...sums].sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([k, v]) => `${k}: ${v.keys} keys, ${Math.round(v.bytes / articles)} B (${Math.round(v.payload / articles)} B payload)`).join("; ");
}
