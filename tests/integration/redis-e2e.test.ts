import { serve, type ServerType } from "@hono/node-server";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullmqQueue, resultKey, resultLedgerKeys } from "../../src/adapters/bullmq/bullmq-queue.js";
import { startIngestWorker } from "../../src/adapters/bullmq/ingest-worker.js";
import { KEY_LAYOUT, RedisIndexStore } from "../../src/adapters/redis/redis-index-store.js";
import { ArticleService } from "../../src/app/article-service.js";
import { makeJobProcessor } from "../../src/app/jobs.js";
import { composeRedis, connectRedis } from "../../src/entry/redis.js";
import { createApp } from "../../src/http/app.js";
import { Metrics } from "../../src/http/metrics.js";
import { systemClock } from "../../src/ports.js";
import { testEngine } from "../helpers/engine.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";
import { startWorkerProcess, stopWorkerProcess } from "../helpers/worker-process.js";

let server: RedisServer;
let http: ServerType;
let base = "";
let parts: Awaited<ReturnType<typeof composeRedis>>;
let worker: ReturnType<typeof startIngestWorker>;
let workerRedis: Redis;
const prefix = randomPrefix();
const queueName = "ingest";

beforeAll(async () => {
  server = await startRedis();
  const engine = await testEngine();
  const config = { redisUrl: server.url, keyPrefix: prefix, queueName, retry: { attempts: 3, backoffMs: 20 }, templateSyncMs: 100 };
  parts = await composeRedis(engine, config);
  // The worker has its own client, as its own process would (the API's client fails fast; BullMQ's
  // blocking reads need one that waits).
  workerRedis = await connectRedis(server.url);
  const workerService = new ArticleService(engine, new RedisIndexStore(workerRedis, prefix, engine.lsh), systemClock);
  worker = startIngestWorker(workerRedis, makeJobProcessor(workerService), { queue: queueName, prefix, concurrency: 2, resultTtlSeconds: 600, resultBudgetBytes: 64 << 20, lockDuration: 2000, stalledInterval: 1000 });
  const app = createApp({ ...parts, clock: systemClock, metrics: new Metrics(), config: { apiKeys: [], readsRequireKey: false, maxBodyBytes: 4 << 20, maxBatchBytes: 64 << 20, waitTimeoutMs: 10_000 } });
  await new Promise<void>((resolve) => { http = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => { base = `http://127.0.0.1:${info.port}`; resolve(); }); });
});

afterAll(async () => {
  await new Promise((r) => http?.close(r));
  await worker?.close();
  await workerRedis?.quit();
  await parts?.close();
  await server?.stop();
});

const post = (path: string, body: unknown) => fetch(base + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });

describe("Redis mode end to end over a real socket: POST → BullMQ → worker → Redis index → GET", () => {
  it("indexes through the queue and reads relations back", async () => {
    const a = await post("/v1/articles", { id: "r-wire", title: "واشنطن: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة", text: story(40, 18), publishedAt: "2024-08-01T08:00:00Z" });
    expect(a.status).toBe(202);
    const { jobId } = await a.json();
    expect((await parts.queue.waitFor(jobId, 10_000))?.state).toBe("completed");
    const b = await post("/v1/articles?wait=true", { id: "r-copy", title: "واشنطن : حان الوقت للتوصل الى اتفاق لوقف اطلاق النار فى غزه", text: "(وكالات) - " + story(40, 18), publishedAt: "2024-08-01T10:00:00Z" });
    const done = await b.json();
    expect(done.state).toBe("completed");
    expect(done.result.relations[0]).toMatchObject({ id: "r-wire" });
    const title = done.result.headlines.findIndex((h: { role: string }) => h.role === "title");
    expect(done.result.headlineMatches).toEqual([{ headline: title, id: "r-wire", title: "واشنطن: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة", similarity: 1 }]);
    const got = await (await fetch(`${base}/v1/articles/r-copy`)).json();
    expect(got.cluster.canonical).toBe("r-wire");
    expect((await fetch(`${base}/v1/jobs/${jobId}`).then((r) => r.json())).state).toBe("completed");
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/tikrar_index_articles 2/);
  });

  it("takes batches from a producer's own BullMQ client, and rejects an invalid payload once", async () => {
    const conn = new Redis(server.url, { maxRetriesPerRequest: null });
    const producer = new Queue(queueName, { connection: conn, prefix });
    const good = await producer.add("ingest", { articles: [{ id: "p-1", text: story(41, 12) }, { id: "p-2", text: story(42, 12) }] }, { jobId: "batch-1", attempts: 3 });
    const bad = await producer.add("ingest", { articles: [{ id: "bad:id", text: 5 }] }, { jobId: "batch-bad", attempts: 3 });
    const mixed = await producer.add("ingest", { articles: [{ id: "m-ok", text: story(43, 12) }, { id: "m-bad", text: "" }] }, { jobId: "batch-mixed" });
    const broken = await producer.add("ingest", { articles: "nope" }, { jobId: "batch-broken", attempts: 3 });
    const g = await parts.queue.waitFor(good.id!, 10_000);
    expect(g?.state).toBe("completed");
    expect((g?.result as { count: number }).count).toBe(2);
    const f = await parts.queue.waitFor(bad.id!, 10_000);
    expect(f?.state).toBe("failed");
    expect(f?.attempts).toBe(1);
    expect(f?.failedReason).toMatch(/invalid job payload: articles\.0\.id/);
    const m = await parts.queue.waitFor(mixed.id!, 10_000);
    expect(m?.state).toBe("completed");
    expect(m?.result).toMatchObject({ count: 1, rejected: [{ index: 1, issues: expect.stringMatching(/articles\.1\.text: text is empty/) }] });
    const b = await parts.queue.waitFor(broken.id!, 10_000);
    expect(b?.state).toBe("failed");
    expect(b?.attempts).toBe(1);
    await producer.close();
    await conn.quit();
  });

  it("removes a finished job (its payload) and keeps its result for a while; the same payload again keeps its first result", async () => {
    const payload = { articles: [{ id: "kept-1", text: story(44, 12) }] };
    const { jobId } = await parts.queue.enqueue(payload);
    const done = await parts.queue.waitFor(jobId, 10_000);
    expect(done).toMatchObject({ state: "completed", attempts: 1, result: { id: "kept-1", outcome: "created" } });
    expect(await parts.redis.exists(`${prefix}:${queueName}:${jobId}`)).toBe(0); // the job hash, payload and all
    const ttl = await parts.redis.ttl(resultKey(prefix, queueName, jobId));
    expect(ttl).toBeGreaterThan(500);
    expect(ttl).toBeLessThanOrEqual(600);
    expect((await fetch(`${base}/v1/jobs/${jobId}`).then((r) => r.json())).result.outcome).toBe("created");
    const { ledger, bytes } = resultLedgerKeys(prefix, queueName);
    const filed = [await parts.redis.llen(ledger), await parts.redis.get(bytes)];
    expect(await parts.queue.enqueue(payload)).toEqual({ jobId });
    // It runs again (the article is unchanged, and so is the index) and its first result stays:
    // the run says "unchanged", the kept result "created". Nothing more is filed in the ledger.
    for (let t = 0; t < 200 && (await parts.queue.depth()) > 0; t++) await new Promise((r) => setTimeout(r, 20));
    expect(await parts.queue.depth()).toBe(0);
    expect((await parts.queue.waitFor(jobId, 10_000))?.result).toMatchObject({ outcome: "created" });
    expect([await parts.redis.llen(ledger), await parts.redis.get(bytes)]).toEqual(filed);
    expect(await parts.queue.depth()).toBe(0);
    // A producer that asks to keep its completed jobs keeps them.
    const conn = new Redis(server.url, { maxRetriesPerRequest: null });
    const producer = new Queue(queueName, { connection: conn, prefix });
    await producer.add("ingest", { articles: [{ id: "kept-2", text: story(45, 12) }] }, { jobId: "keep-me", removeOnComplete: false });
    expect((await parts.queue.waitFor("keep-me", 10_000))?.state).toBe("completed");
    expect(await parts.redis.exists(`${prefix}:${queueName}:keep-me`)).toBe(1);
    // A producer reusing its own id for another payload while the first result is kept: it runs.
    await producer.add("ingest", { articles: [{ id: "reused-1", text: story(46, 12) }] }, { jobId: "reused" });
    expect((await parts.queue.waitFor("reused", 10_000))?.result).toMatchObject({ id: "reused-1" });
    await producer.add("ingest", { articles: [{ id: "reused-2", text: story(47, 12) }] }, { jobId: "reused" });
    expect((await parts.queue.waitFor("reused", 10_000))?.result).toMatchObject({ id: "reused-2", outcome: "created" });
    await producer.close();
    await conn.quit();
  });

  it("hands BullMQ only where a result is kept, so the queue's event stream holds no results", async () => {
    const conn = new Redis(server.url, { maxRetriesPerRequest: null });
    const producer = new Queue(queueName, { connection: conn, prefix });
    try {
      const articles = Array.from({ length: 40 }, (_, i) => ({ id: `pointed-${i}`, text: story(300 + i, 10) }));
      await producer.add("ingest", { articles }, { jobId: "pointed", removeOnComplete: false });
      const done = await parts.queue.waitFor("pointed", 15_000);
      expect(done).toMatchObject({ state: "completed", attempts: 1, result: { count: 40 } }); // read from the kept result
      const pointer = { resultKey: resultKey(prefix, queueName, "pointed") };
      expect((await producer.getJob("pointed"))?.returnvalue).toEqual(pointer);
      const events = (await conn.xrange(`${prefix}:${queueName}:events`, "-", "+")).map(([, fields]) => Object.fromEntries(fields.reduce<string[][]>((o, f, i) => (i % 2 ? o : [...o, [f, fields[i + 1]]]), [])));
      const completed = events.filter((e) => e.event === "completed" && e.jobId === "pointed");
      expect(completed).toHaveLength(1);
      expect(JSON.parse(completed[0].returnvalue)).toEqual(pointer);
      const largest = Math.max(...events.map((e) => JSON.stringify(e).length));
      expect(largest).toBeLessThan(500);
      expect((await parts.redis.get(pointer.resultKey))!.length).toBeGreaterThan(3_000); // the job's whole result
      // a kept job whose result is gone (the results' budget or time) is completed, without a result
      await parts.redis.del(pointer.resultKey);
      expect(await parts.queue.getJob("pointed")).toEqual({ id: "pointed", state: "completed", attempts: 1 });
    } finally {
      await producer.close();
      await conn.quit();
    }
  });

  it("takes any job id a producer picks, even names tikrar keeps beside the queue's keys", async () => {
    const conn = new Redis(server.url, { maxRetriesPerRequest: null });
    const producer = new Queue(queueName, { connection: conn, prefix });
    // One at a time: a job's lock key is `<job key>:lock`, which for the job `result` was the result
    // key of the job `lock`; its heartbeat was the job key of `worker-heartbeat`.
    const ids = ["lock", "result", "worker-heartbeat", "results-ledger", "results-bytes"];
    for (const [i, jobId] of ids.entries()) {
      await producer.add("ingest", { articles: [{ id: `named-${i}`, text: story(60 + i, 12) }] }, { jobId });
      expect((await parts.queue.waitFor(jobId, 10_000))?.state).toBe("completed");
    }
    for (const [i, jobId] of ids.entries()) {
      const got = await fetch(`${base}/v1/jobs/${jobId}`).then((r) => r.json());
      expect(got).toMatchObject({ state: "completed", result: { id: `named-${i}`, outcome: "created" } });
    }
    expect(await fetch(`${base}/readyz`).then((r) => r.status)).toBe(200);
    await producer.close();
    await conn.quit();
  });

  it("a DELETE voids a write of the article queued before it (a retraction is not undone), not one queued after", async () => {
    const del = await fetch(`${base}/v1/articles/r-retracted`, { method: "DELETE" });
    expect(del.status).toBe(404); // not indexed yet: the write is still queued
    expect((await del.json()).error.message).toMatch(/writes of it received before now will not be applied/);
    const ttl = await parts.redis.ttl(`${prefix}:${KEY_LAYOUT}:d:r-retracted`);
    expect(ttl).toBeGreaterThan(6 * 24 * 3600);
    const conn = new Redis(server.url, { maxRetriesPerRequest: null });
    const producer = new Queue(queueName, { connection: conn, prefix });
    const page = { id: "r-retracted", text: story(46, 12) };
    await producer.add("ingest", { articles: [page] }, { jobId: "queued-before", timestamp: Date.now() - 5_000 });
    expect((await parts.queue.waitFor("queued-before", 10_000))?.result).toMatchObject({ outcome: "stale" });
    expect((await fetch(`${base}/v1/articles/r-retracted`)).status).toBe(404);
    await producer.add("ingest", { articles: [page] }, { jobId: "queued-after" });
    expect((await parts.queue.waitFor("queued-after", 10_000))?.result).toMatchObject({ outcome: "created" });
    expect((await fetch(`${base}/v1/articles/r-retracted`)).status).toBe(200);
    expect((await fetch(`${base}/v1/articles/r-retracted`, { method: "DELETE" })).status).toBe(200);
    expect((await fetch(`${base}/v1/articles/r-retracted`)).status).toBe(404);
    await producer.close();
    await conn.quit();
  });

  it("retries a transient failure with backoff", async () => {
    const q = `flaky-${randomPrefix()}`;
    let calls = 0;
    const redis = await connectRedis(server.url);
    const flaky = startIngestWorker(redis, async () => { if (++calls < 3) throw new Error("redis blip"); return { ok: true }; }, { queue: q, prefix, concurrency: 1, resultTtlSeconds: 60, resultBudgetBytes: 1 << 20, lockDuration: 2000, stalledInterval: 1000 });
    const producer = new Queue(q, { connection: redis, prefix });
    await producer.add("ingest", { articles: [] }, { jobId: "flaky-1", attempts: 5, backoff: { type: "exponential", delay: 20 } });
    const done = await new BullmqQueue(redis, q, prefix, { attempts: 5, backoffMs: 20 }).waitFor("flaky-1", 10_000);
    expect(done).toEqual({ id: "flaky-1", state: "completed", attempts: 3, result: { ok: true } });
    expect(calls).toBe(3);
    await flaky.close();
    await producer.close();
    await redis.quit();
  });

  it("keeps finished jobs' results within a byte budget, the oldest forgotten first; expired ones leave the count", async () => {
    const redis = await connectRedis(server.url);
    const run = async (q: string, ttl: number) => {
      let calls = 0;
      const w = startIngestWorker(redis, async () => ({ run: calls++, pad: "x".repeat(1000) }), { queue: q, prefix, concurrency: 1, resultTtlSeconds: ttl, resultBudgetBytes: 10_000, lockDuration: 2000, stalledInterval: 1000 });
      const producer = new Queue(q, { connection: redis, prefix });
      const jobs = new BullmqQueue(redis, q, prefix, { attempts: 1, backoffMs: 20 });
      const done = async (id: string) => {
        await producer.add("ingest", { articles: [] }, { jobId: id });
        expect((await jobs.waitFor(id, 10_000))?.state).toBe("completed");
      };
      return { w, producer, jobs, done, close: async () => { await w.close(); await producer.close(); } };
    };
    const kept = async (q: string) => {
      const { ledger, bytes } = resultLedgerKeys(prefix, q);
      const entries = await redis.lrange(ledger, 0, -1);
      const sizes = await Promise.all(entries.map(async (e) => { const key = e.split(" ")[2]; return (await redis.strlen(key)) + (await redis.exists(key)) * key.length; }));
      return { entries: entries.map((e) => e.split(" ")[2].split(":").pop()), live: sizes.reduce((x, y) => x + y, 0), counted: Number(await redis.get(bytes)) };
    };
    // 20 results of ~1 KB each against a 10,000-byte budget: the last 9 are kept, the others forgotten
    const a = await run(`kept-${randomPrefix()}`, 60);
    for (let i = 0; i < 20; i++) await a.done(`k${i}`);
    const q = a.w.worker.name;
    const k = await kept(q);
    expect(k.entries).toEqual(Array.from({ length: 9 }, (_, i) => `k${11 + i}`));
    expect(k.counted).toBe(k.live);
    expect(k.counted).toBeLessThanOrEqual(10_000);
    expect(await a.jobs.getJob("k10")).toBeUndefined();
    expect((await a.jobs.getJob("k19"))?.result).toMatchObject({ run: 19 });
    // a job run again under its id: its first entry, when dropped, leaves the newer result alone
    await a.done("k12");
    for (let i = 20; i < 23; i++) await a.done(`k${i}`);
    const again = await kept(q);
    expect(again.entries[0]).toBe("k15"); // k11..k14 dropped, the first k12 among them
    expect(again.entries.filter((e) => e === "k12")).toHaveLength(1);
    expect((await a.jobs.getJob("k12"))?.result).toMatchObject({ run: 20 });
    expect(again.counted).toBe(again.live);
    await a.close();
    // kept one second: the results expire, and the next write takes their bytes off the count
    const b = await run(`brief-${randomPrefix()}`, 1);
    for (let i = 0; i < 4; i++) await b.done(`e${i}`);
    await new Promise((r) => setTimeout(r, 1_100));
    await b.done("e4");
    const after = await kept(b.w.worker.name);
    expect(after.entries).toEqual(["e4"]);
    expect(after.counted).toBe(after.live);
    await b.close();
    await redis.quit();
  });

  it("refuses a Redis that evicts keys, with a clear message", async () => {
    const evicting = await startRedis(["--maxmemory-policy", "allkeys-lru"]);
    await expect(connectRedis(evicting.url)).rejects.toThrow(/maxmemory-policy is "allkeys-lru".*noeviction/);
    await evicting.stop();
  });

  it("the worker process finishes the jobs in hand on SIGTERM and exits 0", async () => {
    const q = `term-${randomPrefix()}`;
    const { child, output } = await startWorkerProcess({ REDIS_URL: server.url, TIKRAR_KEY_PREFIX: prefix, TIKRAR_QUEUE: q });
    const conn = new Redis(server.url, { maxRetriesPerRequest: null });
    const producer = new Queue(q, { connection: conn, prefix });
    const articles = Array.from({ length: 300 }, (_, i) => ({ id: `t-${i}`, text: story(100 + i, 10) }));
    const job = await producer.add("ingest", { articles }, { jobId: "term-1" });
    for (let i = 0; i < 200 && !(await job.isActive()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await stopWorkerProcess(child)).toBe(0);
    expect((await new BullmqQueue(conn, q, prefix, { attempts: 1, backoffMs: 1 }).getJob("term-1"))?.state).toBe("completed");
    expect(output()).toMatch(/finishing jobs in hand/);
    await producer.close();
    await conn.quit();
  }, 60_000);

  // Last: it restarts Redis empty on the same port.
  it("while Redis is down the API answers 503 at once and readiness says so; API and worker recover when it is back", async () => {
    const port = server.port;
    await server.stop();
    const t0 = Date.now();
    const down = await post("/v1/articles", { id: "outage", text: story(900, 16) });
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect((await down.json()).error.code).toBe("unavailable");
    expect((await fetch(`${base}/v1/articles/outage`)).status).toBe(503);
    const malformed = await fetch(`${base}/v1/articles`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(malformed.status).toBe(400); // bad input is still the client's error
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).checks.redis).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5_000); // answered, not held until Redis returns
    server = await startRedis([], port);
    for (let i = 0; i < 150 && (await fetch(`${base}/readyz`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${base}/readyz`)).status).toBe(200); // both clients reconnected, the worker beats again
    const back = await post("/v1/articles?wait=true", { id: "outage", text: story(900, 16) });
    expect(back.status).toBe(200);
    expect((await back.json()).result.outcome).toBe("created");
  }, 60_000);
});
