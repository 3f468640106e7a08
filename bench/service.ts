import { Redis } from "ioredis";
import { BullmqQueue } from "../src/adapters/bullmq/bullmq-queue.js";
import { loadSaudiNewsNet } from "./eval/corpus-data.js";
import { startRedis } from "../tests/helpers/redis-server.js";
import { KEY_LAYOUT } from "../src/adapters/redis/redis-index-store.js";
import { load, openLoop } from "./service/load.js";
import { memoryByKind, usedMemory } from "./service/memory.js";
import { startProcess, stopProcess } from "./service/processes.js";

/** Workers run at a lower priority than the API, as a deployment sharing one machine should run them. */
const WORKER_NICE = 10;

/** `npm run bench:service`: the service on this machine (Redis, API and worker sharing its 2 cores). */
async function main() {
  const redis = await startRedis();
  const docs = loadSaudiNewsNet().filter((d) => d.text.trim().length > 0);
  const n = Number(process.env.TIKRAR_BENCH_ARTICLES ?? 10_000);
  const workers = Number(process.env.TIKRAR_BENCH_WORKERS ?? 2);
  const env = { REDIS_URL: redis.url, TIKRAR_KEY_PREFIX: "bench", PORT: "18790", HOST: "127.0.0.1", TIKRAR_WORKER_CONCURRENCY: "1" };
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const lines: string[] = [];
  const say = (s: string) => { lines.push(s); console.log(s); };
  try {
    const batches = Array.from({ length: Math.ceil(n / 500) }, (_, b) => docs.slice((b * 500) % docs.length, ((b * 500) % docs.length) + 500).map((d, k) => ({ id: `a${b * 500 + k}`, text: d.text, source: d.source, publishedAt: d.published.replace(" ", "T") })));
    // The floor first: the same batches through BullMQ to workers that only validate and analyze
    // (bench/service/floor-worker.ts), what any index layout would ingest at best on this machine.
    const floorWorkers = [];
    for (let w = 0; w < workers; w++) floorWorkers.push(await startProcess("bench/service/floor-worker.ts", { REDIS_URL: redis.url, FLOOR_PREFIX: "benchfloor", FLOOR_QUEUE: "ingest" }, /consuming/, WORKER_NICE));
    const floorQueue = new BullmqQueue(client, "ingest", "benchfloor", { attempts: 1, backoffMs: 100 });
    const f0 = performance.now();
    const floorJobs: string[] = [];
    for (const articles of batches) floorJobs.push((await floorQueue.enqueue({ articles })).jobId);
    for (const j of floorJobs) await floorQueue.waitFor(j, 600_000);
    const floorSeconds = (performance.now() - f0) / 1000;
    const floorArticles = batches.reduce((k, b) => k + b.length, 0);
    for (const w of floorWorkers) await stopProcess(w);
    await floorQueue.close();
    await client.del(...(await client.keys("benchfloor:*")));
    say(`| floor: queue → worker that validates and analyzes each article and stores nothing, batches of 500, ${workers} worker process(es) | ${floorArticles} articles in ${floorSeconds.toFixed(1)} s = ${Math.round(floorArticles / floorSeconds)} articles/s |`);
    const procs = [];
    for (let w = 0; w < workers; w++) procs.push(await startProcess("workers/ingest-worker.ts", env, /consuming/, WORKER_NICE));
    const queue = new BullmqQueue(client, "ingest", "bench", { attempts: 3, backoffMs: 100 });
    const memBefore = await usedMemory(client);
    const t0 = performance.now();
    const jobs: string[] = [];
    for (const articles of batches) jobs.push((await queue.enqueue({ articles })).jobId);
    for (const j of jobs) await queue.waitFor(j, 600_000);
    const seconds = (performance.now() - t0) / 1000;
    const indexed = Number(await client.get(`bench:${KEY_LAYOUT}:count`));
    await client.del(...(await client.keys("bench:ingest:*")));
    const perArticle = (await usedMemory(client) - memBefore) / indexed;
    const parts = await memoryByKind(client, `bench:${KEY_LAYOUT}:`, indexed);
    say(`| queue → worker → Redis, batches of 500, ${workers} worker process(es) | ${indexed} articles in ${seconds.toFixed(1)} s = ${Math.round(indexed / seconds)} articles/s |`);
    say(`| Redis memory per indexed article (used_memory delta, queue keys removed) | ${Math.round(perArticle)} bytes |`);
    say(`| of which, by key kind (MEMORY USAGE: keys, bytes per article) | ${parts} |`);
    const api = await startProcess("src/entry/node.ts", env, /listening/);
    const text = (i: number) => docs[(i * 7) % docs.length].text;
    const single = await load({ url: "http://127.0.0.1:18790/v1/check", clients: 1, total: 1000, maxSeconds: 60, body: (i) => JSON.stringify({ id: `s${i}`, text: text(i + 5000) }) });
    say(`| POST /v1/check with ${indexed} indexed, 1 client | p50 ${single.p50.toFixed(2)} ms, p99 ${single.p99.toFixed(2)} ms, ${Math.round(single.rps)} req/s, statuses ${JSON.stringify(single.statuses)} |`);
    const check = await load({ url: "http://127.0.0.1:18790/v1/check", clients: 8, total: 2000, maxSeconds: 60, body: (i) => JSON.stringify({ id: `q${i}`, text: text(i) }) });
    say(`| POST /v1/check with ${indexed} indexed, 8 clients | p50 ${check.p50.toFixed(2)} ms, p99 ${check.p99.toFixed(2)} ms, ${Math.round(check.rps)} req/s, statuses ${JSON.stringify(check.statuses)} |`);
    // The floor under the 202, in turns with the API at the same load: a plain node:http server that
    // only reads and parses the body, and the same plus one RPUSH of it to Redis (bench/service/floor-server.ts).
    const floors = [
      { name: "plain node:http server (read, parse, 202)", proc: await startProcess("bench/service/floor-server.ts", { PORT: "18791" }, /listening/), port: 18791 },
      { name: "plain node:http server + one Redis RPUSH", proc: await startProcess("bench/service/floor-server.ts", { PORT: "18792", FLOOR_REDIS_URL: redis.url, FLOOR_KEY: "bench:floor" }, /listening/), port: 18792 },
    ];
    // Open loops first, each with the queue drained before it: the workers keep up with the rate
    // (steady state); then the closed loop, which queues far more than the workers can take.
    // Each rate three times: the tail moves a lot from run to run on a machine this busy.
    for (const rate of [250, 500, 1000]) {
      for (let run = 1; run <= 3; run++) {
        await drained(queue, 300);
        for (const f of rate === 250 ? floors : []) {
          const o = await openLoop({ url: `http://127.0.0.1:${f.port}/v1/articles`, clients: 200, rate, seconds: 10, body: (i) => JSON.stringify({ id: `f${f.port}-${run}-${i}`, text: text(i) }) });
          say(`| floor: ${f.name}, 200 clients, open loop at ${rate} req/s, run ${run} | p50 ${o.p50.toFixed(2)} ms, p99 ${o.p99.toFixed(2)} ms, max ${o.max.toFixed(1)} ms, ${o.n} requests, statuses ${JSON.stringify(o.statuses)} |`);
        }
        const open = await openLoop({ url: "http://127.0.0.1:18790/v1/articles", clients: 200, rate, seconds: 10, body: (i) => JSON.stringify({ id: `o${rate}-${run}-${i}`, text: text(i) }) });
        say(`| POST /v1/articles (202), 200 clients, open loop at ${rate} req/s, queue drained before, run ${run} | p50 ${open.p50.toFixed(2)} ms, p99 ${open.p99.toFixed(2)} ms, max ${open.max.toFixed(1)} ms, ${open.n} requests, statuses ${JSON.stringify(open.statuses)}, jobs waiting at the end ${await queue.depth()} |`);
      }
    }
    for (const f of floors) await stopProcess(f.proc);
    await client.del("bench:floor");
    await drained(queue, 300);
    const ingest = await load({ url: "http://127.0.0.1:18790/v1/articles", clients: 200, total: 20_000, maxSeconds: 60, body: (i) => JSON.stringify({ id: `h${i}`, text: text(i) }) });
    say(`| POST /v1/articles (202), 200 clients, closed loop | p50 ${ingest.p50.toFixed(2)} ms, p99 ${ingest.p99.toFixed(2)} ms, ${Math.round(ingest.rps)} req/s, statuses ${JSON.stringify(ingest.statuses)} |`);
    const backlog = await queue.depth();
    const open = await openLoop({ url: "http://127.0.0.1:18790/v1/articles", clients: 200, rate: 500, seconds: 10, body: (i) => JSON.stringify({ id: `b${i}`, text: text(i) }) });
    say(`| POST /v1/articles (202), 200 clients, open loop at 500 req/s while the workers drain a backlog of ${backlog} jobs | p50 ${open.p50.toFixed(2)} ms, p99 ${open.p99.toFixed(2)} ms, max ${open.max.toFixed(1)} ms, ${open.n} requests, statuses ${JSON.stringify(open.statuses)} |`);
    await stopProcess(api);
    for (const w of procs) await stopProcess(w);
    await queue.close();
  } finally {
    await client.quit();
    await redis.stop();
  }
}


/** Waits until no job is waiting or active (bounded). */
async function drained(queue: BullmqQueue, maxSeconds: number): Promise<void> {
  const until = Date.now() + maxSeconds * 1000;
  while ((await queue.depth()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
