import { percentile } from "../speed/timing.js";

/**
 * A bounded closed-loop load on loopback: `clients` concurrent loops, `total` requests in all,
 * stopping early at `maxSeconds`. Returns latency percentiles in ms and the status counts.
 */
export async function load(o: { url: string; clients: number; total: number; maxSeconds: number; body: (i: number) => string }) {
  if (!/^http:\/\/127\.0\.0\.1:/.test(o.url)) throw new Error("load goes to 127.0.0.1 only");
  const lat: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const deadline = Date.now() + o.maxSeconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.clients }, async () => {
    while (next < o.total && Date.now() < deadline) {
      const i = next++;
      const s = performance.now();
      const r = await fetch(o.url, { method: "POST", headers: { "content-type": "application/json" }, body: o.body(i), signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      if (r) await r.arrayBuffer();
      lat.push(performance.now() - s);
      statuses.set(r?.status ?? 0, (statuses.get(r?.status ?? 0) ?? 0) + 1);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const sorted = Float64Array.from(lat).sort();
  return { n: lat.length, rps: lat.length / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1], statuses: Object.fromEntries(statuses) };
}
