import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startRedis } from "../tests/helpers/redis-server.js";
import { KEY_LAYOUT, RedisIndexStore } from "../src/adapters/redis/redis-index-store.js";
import { connectRedis } from "../src/entry/redis.js";
import { ArticleService } from "../src/app/article-service.js";
import { createEngine } from "../src/core/engine.js";
import { loadSaudiNewsNet, storyVariants } from "./eval/corpus-data.js";
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
 * Redis and answers /v1/check for real corpus articles (each has copies in the index) from a
 * client process of its own (bench/check-client.ts): one client's checks right after start and
 * after a few thousand, then 8 clients, keep-alive, on loopback.
 */
const n = Number(process.env.TIKRAR_BENCH_ARTICLES ?? 100_000);
const root = fileURLToPath(new URL("../", import.meta.url));
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
  // This process has just ingested the index, and V8 may go on collecting its heap on background
  // threads for a while; Redis may go on freeing memory. Either would take CPU from the API, Redis
  // and the client. Wait until each uses under 5% of a core over a second (at most 60 s).
  const settle = performance.now();
  const redisCpu = async () => { const m = /used_cpu_sys:([\d.]+)[\s\S]*used_cpu_user:([\d.]+)/.exec(await r.info("cpu"))!; return Number(m[1]) + Number(m[2]); };
  for (let busy = 1; busy > 0.05 && performance.now() - settle < 60_000;) {
    const c0 = process.cpuUsage(), r0 = await redisCpu(), t1 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const c = process.cpuUsage(c0), seconds = (performance.now() - t1) / 1000;
    busy = Math.max((c.user + c.system) / 1e6 / seconds, ((await redisCpu()) - r0) / seconds);
  }
  console.log(`| this process and Redis quiet after ingesting | ${((performance.now() - settle) / 1000).toFixed(0)} s |`);
  const api = await startProcess("src/entry/node.ts", { REDIS_URL: server.url, TIKRAR_KEY_PREFIX: "m", PORT: "18791", HOST: "127.0.0.1" }, /listening/);
  try {
    const client = spawn(process.execPath, ["--import", "tsx", "bench/check-client.ts"], { cwd: root, env: { ...process.env, TIKRAR_CHECK_PORT: "18791", TIKRAR_CHECK_INDEXED: String(count) }, stdio: ["ignore", "inherit", "inherit"] });
    const code = await new Promise((resolve) => client.once("exit", resolve));
    if (code !== 0) throw new Error(`the check client exited ${code}`);
  } finally { await stopProcess(api); }
} finally { r.disconnect(); await server.stop(); }
