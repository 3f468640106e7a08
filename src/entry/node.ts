import { serve } from "@hono/node-server";
import { loadConfig } from "../config.js";
import { createEngine } from "../core/engine.js";
import { createApp } from "../http/app.js";
import { Metrics } from "../http/metrics.js";
import { systemClock } from "../ports.js";
import { composeEmbedded } from "./embedded.js";
import { composeRedis } from "./redis.js";

/** `npm start`: the API, with the embedded index and queue unless REDIS_URL is set. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) { console.error(loaded.message); process.exit(78); }
  const { config } = loaded;
  for (const w of loaded.warnings) console.warn(`tikrar: ${w}`);
  const engine = await createEngine();
  const parts = config.redisUrl ? await composeRedis(engine, config) : await composeEmbedded(engine, config);
  if ("replay" in parts) {
    const r = parts.replay;
    console.log(`tikrar: embedded mode, data in ${config.dataDir}, ${r.entries} log entries replayed (${r.live} articles live of ${r.articleWrites} writes)`);
    if (r.unreadable > 0) console.warn(`tikrar: ${r.unreadable} log lines in the middle of the log did not parse and were skipped; the log is left as it is (not compacted)`);
    if (r.compacted) console.log(`tikrar: log compacted: ${r.compacted.entriesBefore} → ${r.compacted.entriesAfter} entries, ${r.compacted.bytesBefore} → ${r.compacted.bytesAfter} bytes`);
  }
  const app = createApp({ ...parts, clock: systemClock, metrics: new Metrics(), config });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    console.log(`tikrar: listening on http://${config.host}:${info.port}`);
  });
  const stop = async () => {
    server.close();
    await parts.queue.close();
    await parts.store.close();
    if ("close" in parts) await parts.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((e: unknown) => { console.error("tikrar: failed to start:", (e as Error).message); process.exit(1); });
