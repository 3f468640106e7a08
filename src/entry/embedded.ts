import { join } from "node:path";
import { AppendLog } from "../adapters/fs/append-log.js";
import { DEFAULT_RETENTION, EmbeddedQueue, type LogEntry } from "../adapters/embedded/embedded-queue.js";
import { DEFAULT_REPLAY_OPTIONS, replayLog, type ReplayOptions } from "../adapters/embedded/log-replay.js";
import { MemoryIndexStore } from "../adapters/memory/memory-index-store.js";
import { ArticleService } from "../app/article-service.js";
import { makeJobProcessor } from "../app/jobs.js";
import type { Config } from "../config.js";
import type { Engine } from "../core/engine.js";
import { specKey } from "../core/signature-spec.js";
import { systemClock, type Clock } from "../ports.js";

/**
 * The embedded default: memory index, in-process queue, append-only log in the data directory,
 * replayed at start (and compacted there when most of it is dead).
 */
export async function composeEmbedded(engine: Engine, config: Pick<Config, "dataDir" | "retry"> & Partial<Pick<Config, "jobResultBytes">>, clock: Clock = systemClock, replayOptions: ReplayOptions = DEFAULT_REPLAY_OPTIONS) {
  const store = new MemoryIndexStore(specKey(engine.options.spec), engine.options.spec.numPerm, engine.lsh);
  const service = new ArticleService(engine, store, clock);
  const process = makeJobProcessor(service);
  const replay = await replayLog(join(config.dataDir, "tikrar.log"), makeJobProcessor(service, { headlineMatches: false }), async (id) => { await store.remove(id); }, replayOptions);
  const retention = { ...DEFAULT_RETENTION, resultBytes: config.jobResultBytes ?? DEFAULT_RETENTION.resultBytes };
  const queue = new EmbeddedQueue(process, AppendLog.open<LogEntry>(config.dataDir), config.retry, clock, retention);
  return { store, service, queue, replayed: replay.entries, replay, ready: async () => ({ index: true }) };
}
