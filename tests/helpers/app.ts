import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { composeEmbedded } from "../../src/entry/embedded.js";
import { createApp } from "../../src/http/app.js";
import { Metrics } from "../../src/http/metrics.js";
import { systemClock } from "../../src/ports.js";
import { testEngine } from "./engine.js";

export const KEYS = ["key-old-0123456789", "key-new-9876543210"];

/** An embedded app in process, on a fresh data directory unless one is given. */
export async function embeddedApp(o: { apiKeys?: string[]; dataDir?: string; readsRequireKey?: boolean; maxBodyBytes?: number; maxBatchBytes?: number; compactMinDead?: number; jobResultBytes?: number } = {}) {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), "tikrar-data-"));
  const parts = await composeEmbedded(await testEngine(), { dataDir, retry: { attempts: 3, backoffMs: 5 }, jobResultBytes: o.jobResultBytes }, systemClock, { compactMinDead: o.compactMinDead ?? 10_000 });
  const app = createApp({
    ...parts, clock: systemClock, metrics: new Metrics(),
    config: { apiKeys: o.apiKeys ?? [], readsRequireKey: o.readsRequireKey ?? false, maxBodyBytes: o.maxBodyBytes ?? 4 * 1024 * 1024, maxBatchBytes: o.maxBatchBytes ?? 64 * 1024 * 1024, waitTimeoutMs: 5_000 },
  });
  return { app, dataDir, ...parts };
}

export const jsonPost = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body),
});
