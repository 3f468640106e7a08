import type { ChildProcess } from "node:child_process";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullmqQueue } from "../../src/adapters/bullmq/bullmq-queue.js";
import { MemoryIndexStore } from "../../src/adapters/memory/memory-index-store.js";
import { KEY_LAYOUT, RedisIndexStore } from "../../src/adapters/redis/redis-index-store.js";
import { ArticleService } from "../../src/app/article-service.js";
import { specKey } from "../../src/core/signature-spec.js";
import type { IndexStore } from "../../src/ports.js";
import { testEngine } from "../helpers/engine.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";
import { startWorkerProcess, stopWorkerProcess } from "../helpers/worker-process.js";

let server: RedisServer;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server?.stop(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 1,000 stories, then 500 reprints of the first 500 under a wire line with one word changed. */
const articles = [
  ...Array.from({ length: 1000 }, (_, k) => ({ id: `s-${k}`, text: story(5000 + k, 14) })),
  ...Array.from({ length: 500 }, (_, k) => ({ id: `r-${k}`, text: "الرياض - واس: " + story(5000 + k, 14).replace("الوزير", "المسؤول") })),
];

/** Every stored link as "from>to:kind:similarity", sorted. */
async function linkSet(store: IndexStore): Promise<string[]> {
  const out: string[] = [];
  for (const a of articles) for (const l of await store.links(a.id)) out.push(`${a.id}>${l.id}:${l.kind}:${l.similarity.toFixed(4)}`);
  return out.sort();
}

describe("a worker process killed in the middle of a batch (Redis mode)", () => {
  it("loses nothing: another worker takes the job once its lock lapses, and every article is indexed once, whole, with the links of a clean run", async () => {
    const prefix = randomPrefix(), queue = "crash";
    const env = { REDIS_URL: server.url, TIKRAR_KEY_PREFIX: prefix, TIKRAR_QUEUE: queue, TIKRAR_WORKER_CONCURRENCY: "1", TIKRAR_WORKER_LOCK_MS: "2000" };
    const conn = new Redis(server.url, { maxRetriesPerRequest: null });
    const producer = new Queue(queue, { connection: conn, prefix });
    const countKey = `${prefix}:${KEY_LAYOUT}:count`;
    const started: ChildProcess[] = []; // ended in `finally` too, should an assertion fail first
    try {
      const first = await startWorkerProcess(env);
      started.push(first.child);
      await producer.add("ingest", { articles }, { jobId: "crash-1" });
      // SIGKILL as soon as part of the batch is written: no handler runs, the job is left active.
      let written = 0;
      for (let i = 0; i < 1500 && written < 200; i++) { await sleep(10); written = Number(await conn.get(countKey)); }
      expect(await stopWorkerProcess(first.child, "SIGKILL")).toBeNull();
      const atKill = Number(await conn.get(countKey));
      expect(written).toBeGreaterThanOrEqual(200);
      expect(atKill).toBeLessThan(articles.length); // killed mid-batch, or the test shows nothing

      const second = await startWorkerProcess(env);
      started.push(second.child);
      const status = await new BullmqQueue(conn, queue, prefix, { attempts: 1, backoffMs: 1 }).waitFor("crash-1", 60_000);
      await stopWorkerProcess(second.child);
      expect(status?.state).toBe("completed");
      const result = status!.result as { count: number; articles: { id: string; outcome: string }[] };
      const outcomes = result.articles.reduce<Record<string, number>>((n, a) => ({ ...n, [a.outcome]: (n[a.outcome] ?? 0) + 1 }), {});
      expect(result.count).toBe(articles.length);
      expect(outcomes.unchanged).toBeGreaterThanOrEqual(atKill); // what the first worker wrote is not written again
      expect(outcomes.created).toBe(articles.length - outcomes.unchanged);

      // Every article indexed once, whole: the count, the records and the links equal a clean run's.
      expect(Number(await conn.get(countKey))).toBe(articles.length);
      expect((await conn.keys(`${prefix}:${KEY_LAYOUT}:a:*`)).length).toBe(articles.length);
      const engine = await testEngine();
      const store = new RedisIndexStore(conn, prefix, engine.lsh);
      const clean = new MemoryIndexStore(specKey(engine.options.spec), engine.options.spec.numPerm, engine.lsh);
      await new ArticleService(engine, clean, { now: () => 1 }).ingestMany(articles);
      const [crashed, reference] = [await linkSet(store), await linkSet(clean)];
      for (const k of [0, 250, 499]) expect(reference.some((l) => l.startsWith(`r-${k}>s-${k}:near_duplicate`))).toBe(true);
      // The retry met the first worker's articles again with later ones of the batch already
      // indexed: relations do not depend on that order (relations.ts), so the links equal a clean run's.
      expect(crashed).toEqual(reference);
      for (const id of ["s-0", "r-499", "s-999"]) {
        const a = await store.get(id);
        expect(a?.id).toBe(id);
        const found = await store.findCandidates({ signature: a!.signature, contentHash: a!.contentHash, anchors: new Uint32Array(0), exclude: "" });
        expect(found.ids).toContain(id); // its band memberships are there
      }
    } finally {
      for (const child of started) await stopWorkerProcess(child, "SIGKILL");
      await producer.close();
      await conn.quit();
    }
  }, 120_000);
});
