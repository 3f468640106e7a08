import { Redis } from "ioredis";
import { BullmqQueue } from "../adapters/bullmq/bullmq-queue.js";
import { RedisIndexStore, assertNoEviction } from "../adapters/redis/redis-index-store.js";
import { reportRedisErrors } from "../adapters/redis/connection-report.js";
import { TemplateSync } from "../adapters/redis/template-sync.js";
import { restoreFastStringPrototype } from "../adapters/redis/string-prototype.js";
import { ArticleService } from "../app/article-service.js";
import type { Config } from "../config.js";
import type { Engine } from "../core/engine.js";
import { systemClock, type Clock } from "../ports.js";

type RedisConfig = Pick<Config, "redisUrl" | "keyPrefix" | "queueName" | "retry" | "templateSyncMs">;

export interface ConnectOptions {
  /**
   * The API's client: while Redis is unreachable a command fails at once (no offline queue, one
   * retry across a reconnect) instead of waiting for Redis to come back, so a request gets a 503
   * and a readiness probe an answer. A worker's client waits (BullMQ requires it for its blocking
   * reads), and its jobs resume when Redis is back.
   */
  failFast?: boolean;
  /** Names the process in the outage lines (see reportRedisErrors). */
  who?: string;
}

/** One ioredis client per process, shared by the index store and BullMQ (which duplicates it only for blocking reads). */
export async function connectRedis(url: string, { failFast = false, who = "tikrar" }: ConnectOptions = {}): Promise<Redis> {
  restoreFastStringPrototype(); // ioredis is loaded by now (see the function)
  const redis = new Redis(url, failFast ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true } : { maxRetriesPerRequest: null, lazyConnect: true });
  try {
    await redis.connect();
    await assertNoEviction(redis);
    reportRedisErrors(redis, who);
    return redis;
  } catch (e) {
    redis.disconnect();
    throw e;
  }
}

/** Redis mode, API side: the Redis index and the BullMQ producer; workers run as `npm run worker`. */
export async function composeRedis(engine: Engine, config: RedisConfig, clock: Clock = systemClock) {
  const redis = await connectRedis(config.redisUrl!, { failFast: true });
  const store = new RedisIndexStore(redis, config.keyPrefix, engine.lsh);
  for (const { layout, articles } of await store.earlierLayouts()) {
    console.warn(`tikrar: ${articles} articles are stored under the earlier key layout "${config.keyPrefix}:${layout}:", which this version does not read; ingest them again to index them under "${store.ns}"`);
  }
  const templates = await startTemplateSync(redis, store, engine, config.templateSyncMs);
  const service = new ArticleService(engine, store, clock);
  const queue = new BullmqQueue(redis, config.queueName, config.keyPrefix, config.retry);
  const reachable = () => redis.status === "ready";
  const ready = async () => ({ redis: reachable() && (await redis.ping().catch(() => "")) === "PONG" });
  /** The shared client goes last, after the queue that uses it. */
  const close = async () => { await templates.stop(); await queue.close(); await redis.quit(); };
  return { store, service, queue, ready, reachable, redis, close };
}

/** The template memory shared with the other processes of Redis mode, adopted before the process serves. */
export async function startTemplateSync(redis: Redis, store: RedisIndexStore, engine: Engine, intervalMs: number): Promise<TemplateSync> {
  const sync = new TemplateSync(redis, store.ns, engine.templates);
  await sync.start(intervalMs);
  return sync;
}
