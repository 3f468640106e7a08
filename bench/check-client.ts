import { loadSaudiNewsNet } from "./eval/corpus-data.js";
import { load } from "./service/load.js";

/**
 * The client side of `bench:redis-memory`'s check latency, run as its own process: the bench's
 * process has just ingested the index and holds its corpus, variants and heap, and a client
 * measuring latency should not share them. Sends `POST /v1/check` to the API at
 * 127.0.0.1:TIKRAR_CHECK_PORT and prints one table row per measurement.
 *
 * Real corpus articles (each has copies in the index): 200 checks of warm-up, one client's next
 * 1,000 timed; then 2,000 more and 1,000 timed again, of articles not checked before (the API's
 * CPU a check falls by half over its first ~3,000 checks, bench/RESULTS.md, and the stored articles
 * a repeated check reads would be warm in Redis's memory caches); then 2,000 from 8 clients.
 */
const port = Number(process.env.TIKRAR_CHECK_PORT);
const indexed = process.env.TIKRAR_CHECK_INDEXED ?? "?";
const url = `http://127.0.0.1:${port}/v1/check`;
const docs = loadSaudiNewsNet().filter((d) => d.text.trim().length > 0);
const doc = (i: number) => docs[(i * 7) % docs.length];
const body = (id: string, d: { title: string; text: string }) => JSON.stringify({ id, title: d.title, text: d.text });
const row = (what: string, r: Awaited<ReturnType<typeof load>>) =>
  console.log(`| POST /v1/check with ${indexed} indexed, ${what} | p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${Math.round(r.rps)} req/s, statuses ${JSON.stringify(r.statuses)} |`);

await load({ url, clients: 1, total: 200, maxSeconds: 30, body: (i) => body(`w${i}`, doc(i + 9000)) });
row("1 client, checks 201–1,200 of the API process", await load({ url, clients: 1, total: 1000, maxSeconds: 120, body: (i) => body(`s${i}`, doc(i + 5000)) }));
const checked = new Set([...Array(200).keys()].map((i) => doc(i + 9000)).concat([...Array(1000).keys()].map((i) => doc(i + 5000))));
const fresh = docs.filter((d) => !checked.has(d));
await load({ url, clients: 1, total: 2000, maxSeconds: 240, body: (i) => body(`x${i}`, fresh[i]) });
row("1 client, checks 3,201–4,200", await load({ url, clients: 1, total: 1000, maxSeconds: 120, body: (i) => body(`r${i}`, fresh[2000 + i]) }));
row("8 clients", await load({ url, clients: 8, total: 2000, maxSeconds: 120, body: (i) => body(`q${i}`, doc(i)) }));
