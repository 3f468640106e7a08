import { z } from "zod";

const MiB = 1024 * 1024;
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/**
 * The whole configuration, from the environment, parsed once at the entry point.
 * Every variable, its default and its reason are in the README's configuration table.
 */
export const ConfigSchema = z
  .object({
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: int(8787, 0, 65535),
    REDIS_URL: z.string().url().refine((u) => /^rediss?:\/\//.test(u), "must be a redis:// or rediss:// URL").optional(),
    TIKRAR_API_KEYS: z.string().optional().transform((s) => (s ? s.split(",").map((k) => k.trim()).filter(Boolean) : [])),
    TIKRAR_READS: z.enum(["open", "keyed"]).default("open"),
    TIKRAR_DATA_DIR: z.string().min(1).default("./data"),
    TIKRAR_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only").default("tikrar"),
    TIKRAR_QUEUE: z.string().regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only").default("ingest"),
    TIKRAR_MAX_BODY_BYTES: int(4 * MiB, 1024, 256 * MiB),
    TIKRAR_MAX_BATCH_BYTES: int(64 * MiB, 1024, 1024 * MiB),
    TIKRAR_WAIT_TIMEOUT_MS: int(5_000, 1, 60_000),
    TIKRAR_JOB_ATTEMPTS: int(5, 1, 50),
    TIKRAR_JOB_BACKOFF_MS: int(200, 1, 60_000),
    TIKRAR_WORKER_CONCURRENCY: int(4, 1, 256),
    TIKRAR_WORKER_LOCK_MS: int(30_000, 1_000, 3_600_000),
    TIKRAR_TEMPLATE_SYNC_MS: int(2_000, 50, 600_000),
    TIKRAR_JOB_RESULT_TTL_S: int(3_600, 1, 30 * 24 * 3600),
    TIKRAR_JOB_RESULTS_MB: int(64, 1, 64 * 1024),
  })
  .transform((c) => ({
    host: c.HOST,
    port: c.PORT,
    redisUrl: c.REDIS_URL,
    apiKeys: c.TIKRAR_API_KEYS,
    readsRequireKey: c.TIKRAR_READS === "keyed",
    dataDir: c.TIKRAR_DATA_DIR,
    keyPrefix: c.TIKRAR_KEY_PREFIX,
    queueName: c.TIKRAR_QUEUE,
    maxBodyBytes: c.TIKRAR_MAX_BODY_BYTES,
    maxBatchBytes: c.TIKRAR_MAX_BATCH_BYTES,
    waitTimeoutMs: c.TIKRAR_WAIT_TIMEOUT_MS,
    retry: { attempts: c.TIKRAR_JOB_ATTEMPTS, backoffMs: c.TIKRAR_JOB_BACKOFF_MS },
    workerConcurrency: c.TIKRAR_WORKER_CONCURRENCY,
    workerLockMs: c.TIKRAR_WORKER_LOCK_MS,
    templateSyncMs: c.TIKRAR_TEMPLATE_SYNC_MS,
    jobResultTtlSeconds: c.TIKRAR_JOB_RESULT_TTL_S,
    jobResultBytes: c.TIKRAR_JOB_RESULTS_MB * MiB,
  }));

export type Config = z.output<typeof ConfigSchema>;

export const isLoopback = (host: string) => host === "localhost" || host === "::1" || host.startsWith("127.");

/** Parses the environment; on failure, one message naming every problem. */
export function loadConfig(env: Record<string, string | undefined>): { ok: true; config: Config; warnings: string[] } | { ok: false; message: string } {
  const r = ConfigSchema.safeParse(env);
  if (!r.success) return { ok: false, message: "invalid configuration:\n" + r.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n") };
  const c = r.data;
  const warnings: string[] = [];
  if (c.apiKeys.length === 0) {
    if (!isLoopback(c.host)) return { ok: false, message: `invalid configuration:\n  TIKRAR_API_KEYS: required when listening on ${c.host} (not loopback)` };
    warnings.push(`no API keys configured: writes are accepted without a key because the server listens on loopback (${c.host}) only`);
  }
  return { ok: true, config: c, warnings };
}
