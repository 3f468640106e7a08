// The floor under queue ingest, for bench/service.ts: a BullMQ worker on the same kind of jobs that
// validates and analyzes every article (segmentation, shingles, signature, fingerprints, template
// memory) and stores nothing. No index layout can ingest faster than this on the same machine.
import { Worker } from "bullmq";
import { createEngine } from "../../src/core/engine.js";
import { ArticleInput } from "../../src/schemas/article.js";
import { connectRedis } from "../../src/entry/redis.js";

const redis = await connectRedis(process.env.REDIS_URL!, { who: "floor worker" }); // as the real worker connects
const engine = await createEngine();
const worker = new Worker(
  process.env.FLOOR_QUEUE ?? "floor",
  async (job) => {
    let analyzed = 0;
    for (const raw of (job.data as { articles: unknown[] }).articles) {
      const r = ArticleInput.safeParse(raw);
      if (r.success && engine.analyze(r.data, { learn: true }).body.matchable) analyzed++;
    }
    return { analyzed };
  },
  { connection: redis, prefix: process.env.FLOOR_PREFIX ?? "floor", concurrency: 1, removeOnComplete: { count: 0 } },
);
console.log("consuming");
process.once("SIGTERM", async () => { await worker.close(); await redis.quit(); process.exit(0); });
