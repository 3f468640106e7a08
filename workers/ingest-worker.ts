import { startIngestWorker } from "../src/adapters/bullmq/ingest-worker.js";
import { RedisIndexStore } from "../src/adapters/redis/redis-index-store.js";
import { ArticleService } from "../src/app/article-service.js";
import { makeJobProcessor } from "../src/app/jobs.js";
import { loadConfig } from "../src/config.js";
import { createEngine } from "../src/core/engine.js";
import { connectRedis, startTemplateSync } from "../src/entry/redis.js";
import { systemClock } from "../src/ports.js";

/** `npm run worker`: consumes the ingest queue into the Redis index until SIGTERM, then finishes the jobs in hand. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) { console.error(loaded.message); process.exit(78); }
  const { config } = loaded;
  if (!config.redisUrl) { console.error("tikrar worker: REDIS_URL is required (the embedded default runs its worker inside npm start)"); process.exit(78); }
  const redis = await connectRedis(config.redisUrl, { who: "tikrar worker" });
  const engine = await createEngine();
  const store = new RedisIndexStore(redis, config.keyPrefix, engine.lsh);
  const templates = await startTemplateSync(redis, store, engine, config.templateSyncMs);
  const service = new ArticleService(engine, store, systemClock);
  const w = startIngestWorker(redis, makeJobProcessor(service), { queue: config.queueName, prefix: config.keyPrefix, concurrency: config.workerConcurrency, resultTtlSeconds: config.jobResultTtlSeconds, resultBudgetBytes: config.jobResultBytes, lockDuration: config.workerLockMs, stalledInterval: config.workerLockMs });
  w.worker.on("failed", (job, err) => console.error(`tikrar worker: job ${job?.id} failed: ${err.message}`));
  console.log(`tikrar worker: consuming "${config.queueName}" with concurrency ${config.workerConcurrency}`);
  const stop = async () => {
    console.log("tikrar worker: stopping, finishing jobs in hand");
    await w.close();
    await templates.stop();
    await redis.quit();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((e: unknown) => { console.error("tikrar worker: failed to start:", (e as Error).message); process.exit(1); });
