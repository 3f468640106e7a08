import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIngestWorker } from "../../src/adapters/bullmq/ingest-worker.js";
import { RedisIndexStore } from "../../src/adapters/redis/redis-index-store.js";
import { ArticleService } from "../../src/app/article-service.js";
import { makeJobProcessor } from "../../src/app/jobs.js";
import { composeRedis, connectRedis } from "../../src/entry/redis.js";
import { createApp } from "../../src/http/app.js";
import { Metrics } from "../../src/http/metrics.js";
import { systemClock } from "../../src/ports.js";
import { jsonPost } from "../helpers/app.js";
import { testEngine } from "../helpers/engine.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";

let server: RedisServer;
let parts: Awaited<ReturnType<typeof composeRedis>>;
let app: ReturnType<typeof createApp>;
const workers: { client: Redis; worker: ReturnType<typeof startIngestWorker> }[] = [];

beforeAll(async () => {
  server = await startRedis();
  const engine = await testEngine();
  const prefix = randomPrefix();
  parts = await composeRedis(engine, { redisUrl: server.url, keyPrefix: prefix, queueName: "ingest", retry: { attempts: 3, backoffMs: 20 }, templateSyncMs: 100 });
  // Two workers taking four jobs each at once: versions of one id are written in no particular order.
  for (let w = 0; w < 2; w++) {
    const client = await connectRedis(server.url);
    const service = new ArticleService(engine, new RedisIndexStore(client, prefix, engine.lsh), systemClock);
    workers.push({ client, worker: startIngestWorker(client, makeJobProcessor(service), { queue: "ingest", prefix, concurrency: 4, resultTtlSeconds: 600, resultBudgetBytes: 64 << 20, lockDuration: 2000, stalledInterval: 1000 }) });
  }
  app = createApp({ ...parts, clock: systemClock, metrics: new Metrics(), config: { apiKeys: [], readsRequireKey: false, maxBodyBytes: 4 << 20, maxBatchBytes: 64 << 20, waitTimeoutMs: 10_000 } });
});

afterAll(async () => {
  for (const { worker, client } of workers) { await worker.close(); await client.quit(); }
  await parts?.close();
  await server?.stop();
});

describe("revision order through the queue (Redis, concurrent workers)", () => {
  it("leaves each id at its highest revision, absent when that version is too short to index, whatever order its versions were written in (property)", async () => {
    let run = 0;
    const version = fc.record({ id: fc.constantFrom("x", "y"), rev: fc.nat(5), short: fc.boolean(), seed: fc.nat(40) });
    await fc.assert(fc.asyncProperty(fc.uniqueArray(version, { minLength: 1, maxLength: 10, selector: (v) => v.id + v.rev }), async (versions) => {
      const p = `rev${run++}-`;
      const page = (v: (typeof versions)[number]) => ({ id: p + v.id, rev: v.rev, text: v.short ? "خبر قصير" : story(v.seed, 6) });
      const jobs = await Promise.all(versions.map(async (v) => (await (await app.request("/v1/articles", jsonPost(page(v)))).json()).jobId as string));
      for (const j of jobs) expect((await parts.queue.waitFor(j, 20_000))?.state).toBe("completed");
      for (const id of ["x", "y"]) {
        const mine = versions.filter((v) => v.id === id);
        if (mine.length === 0) continue;
        const top = mine.reduce((a, b) => (b.rev > a.rev ? b : a));
        const got = await app.request(`/v1/articles/${p}${id}`);
        if (top.short) { expect(got.status).toBe(404); continue; }
        expect(got.status).toBe(200);
        const stored = await got.json();
        const checked = await (await app.request("/v1/check", jsonPost(page(top)))).json();
        expect([stored.rev, stored.contentHash]).toEqual([top.rev, checked.contentHash]);
      }
    }), { numRuns: 30 });
  });
});
