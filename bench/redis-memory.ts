import { startRedis } from "../tests/helpers/redis-server.js";
import { KEY_LAYOUT, RedisIndexStore } from "../src/adapters/redis/redis-index-store.js";
import { connectRedis } from "../src/entry/redis.js";
import { ArticleService } from "../src/app/article-service.js";
import { createEngine } from "../src/core/engine.js";
import { loadSaudiNewsNet, storyVariants } from "./eval/corpus-data.js";
import { load } from "./service/load.js";
import { memoryByKind, usedMemory } from "./service/memory.js";
import { startProcess, stopProcess } from "./service/processes.js";

/**
 * `npm run bench:redis-memory`: the Redis index at a larger size than the real corpus holds —
 * memory per article, then `POST /v1/check` latency against it.
 *
 * Articles are real SaudiNewsNet texts; past the corpus size, each round re-uses them with every
 * word swapped, with probability 1/2, for another corpus word: new stories in the corpus's
 * vocabulary that rarely share a 4-word passage with each other (as most stories in a real index
 * do not). Ingestion is in process (ArticleService.ingestMany on the Redis store); memory is the
 * used_memory delta and MEMORY USAGE by key kind. Then the API runs as its own process on that
 * Redis and answers /v1/check for real corpus articles (each has copies in the index) from 1 and
 * 8 keep-alive clients on loopback: one client's first 1,000 checks after 200 of warm-up, and 1,000
 * more after 2,000 further checks (the API gets faster over its first few thousand checks).
 */
const n = Number(process.env.TIKRAR_BENCH_ARTICLES ?? 100_000);
const server = await startRedis();
const r = await connectRedis(server.url); // as the worker connects: the in-process ingest analyzes as it does
try {
  const engine = await createEngine();
  const store = new RedisIndexStore(r, "m", engine.lsh);
  const service = new ArticleService(engine, store, { now: () => Date.now() });
  const docs = loadSaudiNewsNet().filter((d) => d.text.trim().length > 0);
  const before = await usedMemory(r);
  const t0 = performance.now();
  const variant = storyVariants(docs);
  for (let i = 0; i < n; i += 500) {
    const base = i % docs.length, round = Math.floor(i / docs.length);
    await service.ingestMany(docs.slice(base, base + 500).map((d, k) => ({ id: `a${i + k}`, title: variant(d.title, round), text: variant(d.text, round), source: d.source })));
    if (i % 50_000 === 0 && i > 0) process.stderr.write(`${i} ingested, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const count = Number(await r.get(`m:${KEY_LAYOUT}:count`));
  const perArticle = Math.round(((await usedMemory(r)) - before) / count);
  console.log(`ingested ${n} in process in ${seconds.toFixed(0)} s`);
  console.log(`| articles indexed | ${count} |`);
  console.log(`| Redis used_memory delta per article | ${perArticle} bytes |`);
  console.log(`| by key kind (MEMORY USAGE per article) | ${await memoryByKind(r, `m:${KEY_LAYOUT}:`, count)} |`);
  const api = await startProcess("src/entry/node.ts", { REDIS_URL: server.url, TIKRAR_KEY_PREFIX: "m", PORT: "18791", HOST: "127.0.0.1" }, /listening/);
  try {
    const doc = (i: number) => docs[(i * 7) % docs.length];
    const text = (i: number) => doc(i).text;
    await load({ url: "http://127.0.0.1:18791/v1/check", clients: 1, total: 200, maxSeconds: 30, body: (i) => JSON.stringify({ id: `w${i}`, title: doc(i + 9000).title, text: text(i + 9000) }) }); // warm-up
    const single = await load({ url: "http://127.0.0.1:18791/v1/check", clients: 1, total: 1000, maxSeconds: 120, body: (i) => JSON.stringify({ id: `s${i}`, title: doc(i + 5000).title, text: text(i + 5000) }) });
    console.log(`| POST /v1/check with ${count} indexed, 1 client, checks 201–1,200 of the API process | p50 ${single.p50.toFixed(2)} ms, p99 ${single.p99.toFixed(2)} ms, ${Math.round(single.rps)} req/s, statuses ${JSON.stringify(single.statuses)} |`);
    // The API's CPU a check falls by half over its first ~3,000 checks (bench/RESULTS.md): 2,000 more
    // checks, then 1,000 timed again, of articles not checked before (the stored articles a check
    // reads would otherwise be warm in Redis's memory caches).
    const checked = new Set([...Array(200).keys()].map((i) => docs.indexOf(doc(i + 9000))).concat([...Array(1000).keys()].map((i) => docs.indexOf(doc(i + 5000)))));
    const fresh = docs.filter((_, k) => !checked.has(k));
    await load({ url: "http://127.0.0.1:18791/v1/check", clients: 1, total: 2000, maxSeconds: 240, body: (i) => JSON.stringify({ id: `x${i}`, title: fresh[i].title, text: fresh[i].text }) });
    const warm = await load({ url: "http://127.0.0.1:18791/v1/check", clients: 1, total: 1000, maxSeconds: 120, body: (i) => JSON.stringify({ id: `r${i}`, title: fresh[2000 + i].title, text: fresh[2000 + i].text }) });
    console.log(`| POST /v1/check with ${count} indexed, 1 client, checks 3,201–4,200 | p50 ${warm.p50.toFixed(2)} ms, p99 ${warm.p99.toFixed(2)} ms, ${Math.round(warm.rps)} req/s, statuses ${JSON.stringify(warm.statuses)} |`);
    const eight = await load({ url: "http://127.0.0.1:18791/v1/check", clients: 8, total: 2000, maxSeconds: 120, body: (i) => JSON.stringify({ id: `q${i}`, title: doc(i).title, text: text(i) }) });
    console.log(`| POST /v1/check with ${count} indexed, 8 clients | p50 ${eight.p50.toFixed(2)} ms, p99 ${eight.p99.toFixed(2)} ms, ${Math.round(eight.rps)} req/s, statuses ${JSON.stringify(eight.statuses)} |`);
  } finally { await stopProcess(api); }
} finally { r.disconnect(); await server.stop(); }
