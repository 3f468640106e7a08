import { join } from "node:path";
import { AppendLog } from "../adapters/fs/append-log.js";
import { EmbeddedQueue, type LogEntry } from "../adapters/embedded/embedded-queue.js";
import { MemoryIndexStore } from "../adapters/memory/memory-index-store.js";
import { ArticleService } from "../app/article-service.js";
import { makeJobProcessor } from "../app/jobs.js";
import type { Config } from "../config.js";
import type { Engine } from "../core/engine.js";
import { specKey } from "../core/signature-spec.js";
import { systemClock, type Clock } from "../ports.js";

/** The embedded default: memory index, in-process queue, append-only log in the data directory, replayed at start. */
export async function composeEmbedded(engine: Engine, config: Pick<Config, "dataDir" | "retry">, clock: Clock = systemClock) {
  const store = new MemoryIndexStore(specKey(engine.options.spec), engine.options.spec.numPerm, engine.lsh);
  const service = new ArticleService(engine, store, clock);
  const logPath = join(config.dataDir, "tikrar.log");
  const entries = AppendLog.read<LogEntry>(logPath);
  const replayer = new EmbeddedQueue(makeJobProcessor(service), undefined, { attempts: 1, backoffMs: 1 });
  const replayed = await replayer.replay(entries, async (id) => { await store.remove(id); });
  const queue = new EmbeddedQueue(makeJobProcessor(service), AppendLog.open<LogEntry>(config.dataDir), config.retry);
  return { store, service, queue, replayed, ready: async () => ({ index: true }) };
}
