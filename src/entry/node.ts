import { serve } from "@hono/node-server";
import { Server as NetServer } from "node:net";
import { loadConfig } from "../config.js";
import { createEngine } from "../core/engine.js";
import { createApp } from "../http/app.js";
import { Metrics } from "../http/metrics.js";
import { systemClock } from "../ports.js";
import { restoreFastStringPrototype } from "../adapters/redis/string-prototype.js";
import { composeEmbedded } from "./embedded.js";

/** How long a stopping server waits for the requests in flight (a `?wait=true` may hold one this long). */
const DRAIN_MS = 5_000;

/** `npm start`: the API, with the embedded index and queue unless REDIS_URL is set. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) { console.error(loaded.message); process.exit(78); }
  const { config } = loaded;
  for (const w of loaded.warnings) console.warn(`tikrar: ${w}`);
  // Redis mode is imported only when chosen, so the embedded default never loads ioredis; when it
  // is, String.prototype is made fast again before any code runs hot (src/adapters/redis/string-prototype.ts).
  const redisMode = config.redisUrl ? await import("./redis.js") : undefined;
  if (redisMode) restoreFastStringPrototype();
  const engine = await createEngine();
  const parts = redisMode ? await redisMode.composeRedis(engine, config) : await composeEmbedded(engine, config);
  if ("replay" in parts) {
    const r = parts.replay;
    console.log(`tikrar: embedded mode, data in ${config.dataDir}, ${r.entries} log entries replayed (${r.live} articles live of ${r.articleWrites} writes)`);
    if (r.unreadable > 0) console.warn(`tikrar: ${r.unreadable} log lines in the middle of the log did not parse and were skipped; the log is left as it is (not compacted)`);
    if (r.compactionFailed) console.warn(`tikrar: the log was due for compaction but the compacted copy could not be written (${r.compactionFailed}); the log is left as it is`);
    if (r.compacted) console.log(`tikrar: log compacted: ${r.compacted.entriesBefore} → ${r.compacted.entriesAfter} entries, ${r.compacted.bytesBefore} → ${r.compacted.bytesAfter} bytes`);
  }
  const app = createApp({ ...parts, clock: systemClock, metrics: new Metrics(), config });
  let draining = false;
  // While draining, every response closes its connection, so keep-alive clients go elsewhere.
  const fetch = async (req: Request, env: unknown) => {
    const res = await app.fetch(req, env as never);
    if (draining) res.headers.set("connection", "close");
    return res;
  };
  const server = serve({ fetch, hostname: config.host, port: config.port }, (info) => {
    console.log(`tikrar: listening on http://${config.host}:${info.port}`);
  });
  // SIGTERM: no new connections; requests in flight, and requests already sent on open keep-alive
  // connections, are answered with Connection: close (for up to DRAIN_MS), then the queue finishes the
  // jobs in hand. http.Server.close would also drop every connection idle at that instant, resetting
  // the requests their clients had sent but the server had not read yet (measured: one per client),
  // so only the listener is closed here (net.Server.close).
  const stop = async () => {
    draining = true;
    const drained = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    await parts.queue.close();
    await parts.store.close();
    if ("close" in parts) await parts.close();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((e: unknown) => { console.error("tikrar: failed to start:", (e as Error).message); process.exit(1); });
