import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIngestWorker } from "../../src/adapters/bullmq/ingest-worker.js";
import { KEY_LAYOUT, RedisIndexStore } from "../../src/adapters/redis/redis-index-store.js";
import { ArticleService } from "../../src/app/article-service.js";
import { makeJobProcessor } from "../../src/app/jobs.js";
import { composeRedis, connectRedis } from "../../src/entry/redis.js";
import { createApp } from "../../src/http/app.js";
import { Metrics } from "../../src/http/metrics.js";
import { systemClock } from "../../src/ports.js";
import { jsonPost } from "../helpers/app.js";
import { testEngine } from "../helpers/engine.js";
import { checkIndex } from "../helpers/redis-fsck.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { loadSeeds, story } from "../helpers/seeds.js";

let server: RedisServer;
let parts: Awaited<ReturnType<typeof composeRedis>>;
let app: ReturnType<typeof createApp>;
let ns = "";
let engine: Awaited<ReturnType<typeof testEngine>>;
const workers: { client: Redis; worker: ReturnType<typeof startIngestWorker> }[] = [];

beforeAll(async () => {
  server = await startRedis();
  engine = await testEngine();
  const prefix = randomPrefix();
  ns = `${prefix}:${KEY_LAYOUT}:`;
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

  it("keeps the index whole through random writes, deletes and batches written concurrently: count, slots, bucket entries and links all agree (property)", async () => {
    const paragraphs = [...loadSeeds().values()].flatMap((p) => p.split("\n")).filter((l) => l.trim().length > 40);
    const text = fc.oneof({ weight: 5, arbitrary: fc.array(fc.constantFrom(...paragraphs), { minLength: 1, maxLength: 10 }).map((x) => x.join("\n")) }, { weight: 1, arbitrary: fc.constantFrom("خبر", "ﷺ ﷺ") });
    const id = fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h");
    const op = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("ingest" as const), id, text, rev: fc.option(fc.nat(4), { nil: undefined }), title: fc.option(fc.constantFrom(...paragraphs.slice(0, 30)).map((p) => p.slice(0, 80)), { nil: undefined }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), id }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("batch" as const), articles: fc.array(fc.record({ id, text }), { minLength: 1, maxLength: 6 }) }) },
    );
    const client = workers[0].client;
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 15 }), async (ops) => {
      const jobs: string[] = [];
      for (const o of ops) {
        const res = o.kind === "ingest" ? await app.request("/v1/articles", jsonPost({ id: o.id, text: o.text, rev: o.rev, title: o.title }))
          : o.kind === "delete" ? await app.request(`/v1/articles/${o.id}`, { method: "DELETE" })
          : await app.request("/v1/articles/batch", jsonPost({ articles: o.articles }));
        expect(res.status).toBeLessThan(500);
        const body = await res.json();
        if (body.jobId) jobs.push(body.jobId);
      }
      for (const j of jobs) expect((await parts.queue.waitFor(j, 20_000))?.state).toBe("completed");
      expect(await checkIndex(client, ns, engine.lsh)).toEqual([]);
    }), { numRuns: 25 });
  });
});

describe("the index growing under the queue's workers (Redis)", () => {
  it("splits buckets while two workers write batches, new revisions and deletes at once: the index stays whole and every live article is found", async () => {
    const client = workers[0].client;
    const before = Number((await client.get(`${ns}g`)) ?? 0);
    const text = new Map<string, string>(); // each live id's last revision
    let seed = 90_000;
    const post = async (articles: { id: string; text: string; rev: number }[]) => {
      const res = await app.request("/v1/articles/batch", jsonPost({ articles }));
      expect(res.status).toBe(202);
      return (await res.json()).jobId as string;
    };
    const fresh = (from: number, n: number) => Array.from({ length: n }, (_, k) => ({ id: `grow${from + k}`, text: story(seed++, 6), rev: 1 }));
    // First 360 articles in 12 jobs, then 360 more in 12 jobs carrying new revisions of 48 of the
    // first, while 24 others of the first are deleted: buckets split while both workers write.
    const first = await Promise.all(Array.from({ length: 12 }, (_, b) => post(fresh(30 * b, 30))));
    for (const j of first) expect((await parts.queue.waitFor(j, 30_000))?.state).toBe("completed");
    for (let i = 0; i < 360; i++) text.set(`grow${i}`, story(90_000 + i, 6));
    const revised = Array.from({ length: 48 }, (_, k) => ({ id: `grow${7 * k}`, text: story(190_000 + k, 6), rev: 2 }));
    const deleted = Array.from({ length: 24 }, (_, k) => `grow${7 * k + 3}`);
    const second = Array.from({ length: 12 }, (_, b) => post([...fresh(360 + 30 * b, 30), ...revised.slice(4 * b, 4 * b + 4)]));
    const deletes = deleted.map(async (id) => (await app.request(`/v1/articles/${id}`, { method: "DELETE" })).status);
    for (const j of await Promise.all(second)) expect((await parts.queue.waitFor(j, 30_000))?.state).toBe("completed");
    expect(await Promise.all(deletes)).toEqual(deleted.map(() => 200));
    for (let i = 360; i < 720; i++) text.set(`grow${i}`, story(90_000 + i, 6));
    for (const r of revised) text.set(r.id, r.text);
    for (const id of deleted) text.delete(id);

    expect(Number(await client.get(`${ns}g`))).toBeGreaterThan(before); // the index grew during the run
    expect(await checkIndex(client, ns, engine.lsh)).toEqual([]);
    for (const id of deleted) expect((await app.request(`/v1/articles/${id}`)).status).toBe(404);
    let k = 0;
    for (const [id, t] of text) {
      if (k++ % 3) continue; // every third live article: 232, 32 of them revised
      const got = await app.request(`/v1/articles/${id}`);
      expect(got.status).toBe(200);
      const checked = await (await app.request("/v1/check", jsonPost({ id: `probe-${id}`, text: t }))).json();
      expect((await got.json()).contentHash).toBe(checked.contentHash);
      expect(checked.relations.filter((r: { relation: string }) => r.relation === "duplicate").map((r: { id: string }) => r.id)).toContain(id);
    }
  }, 120_000);
});

