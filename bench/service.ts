import { Redis } from "ioredis";
import { BullmqQueue } from "../src/adapters/bullmq/bullmq-queue.js";
import { loadSaudiNewsNet } from "./eval/corpus-data.js";
import { startRedis } from "../tests/helpers/redis-server.js";
import { load } from "./service/load.js";
import { startProcess, stopProcess } from "./service/processes.js";

/** `npm run bench:service`: the service on this machine (Redis, API and worker sharing its 2 cores). */
async function main() {
  const redis = await startRedis();
  const docs = loadSaudiNewsNet().filter((d) => d.text.trim().length > 0);
  const n = Number(process.env.TIKRAR_BENCH_ARTICLES ?? 10_000);
  const env = { REDIS_URL: redis.url, TIKRAR_KEY_PREFIX: "bench", PORT: "18790", HOST: "127.0.0.1", TIKRAR_WORKER_CONCURRENCY: "1" };
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const lines: string[] = [];
  const say = (s: string) => { lines.push(s); console.log(s); };
  try {
    const worker = await startProcess("workers/ingest-worker.ts", env, /consuming/);
    const queue = new BullmqQueue(client, "ingest", "bench", { attempts: 3, backoffMs: 100 });
    const memBefore = await usedMemory(client);
    const t0 = performance.now();
    const jobs: string[] = [];
    for (let i = 0; i < n; i += 500) {
      const articles = docs.slice(i % docs.length, (i % docs.length) + 500).map((d, k) => ({ id: `a${i + k}`, text: d.text, source: d.source, publishedAt: d.published.replace(" ", "T") }));
      jobs.push((await queue.enqueue({ articles })).jobId);
    }
    for (const j of jobs) await queue.waitFor(j, 600_000);
    const seconds = (performance.now() - t0) / 1000;
    const indexed = Number(await client.get("bench:v1:count"));
    await client.del(...(await client.keys("bench:ingest:*")));
    const perArticle = (await usedMemory(client) - memBefore) / indexed;
    say(`| queue → worker → Redis, batches of 500, 1 worker | ${indexed} articles in ${seconds.toFixed(1)} s = ${Math.round(indexed / seconds)} articles/s |`);
    say(`| Redis memory per indexed article (used_memory delta, queue keys removed) | ${Math.round(perArticle)} bytes |`);
    const api = await startProcess("src/entry/node.ts", env, /listening/);
    const text = (i: number) => docs[(i * 7) % docs.length].text;
    const check = await load({ url: "http://127.0.0.1:18790/v1/check", clients: 8, total: 2000, maxSeconds: 60, body: (i) => JSON.stringify({ id: `q${i}`, text: text(i) }) });
    say(`| POST /v1/check with ${indexed} indexed, 8 clients | p50 ${check.p50.toFixed(2)} ms, p99 ${check.p99.toFixed(2)} ms, ${Math.round(check.rps)} req/s, statuses ${JSON.stringify(check.statuses)} |`);
    const ingest = await load({ url: "http://127.0.0.1:18790/v1/articles", clients: 200, total: 20_000, maxSeconds: 60, body: (i) => JSON.stringify({ id: `h${i}`, text: text(i) }) });
    say(`| POST /v1/articles (202), 200 clients | p50 ${ingest.p50.toFixed(2)} ms, p99 ${ingest.p99.toFixed(2)} ms, ${Math.round(ingest.rps)} req/s, statuses ${JSON.stringify(ingest.statuses)} |`);
    await stopProcess(api);
    await stopProcess(worker);
    await queue.close();
  } finally {
    await client.quit();
    await redis.stop();
  }
}

async function usedMemory(r: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await r.info("memory"))![1]);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
