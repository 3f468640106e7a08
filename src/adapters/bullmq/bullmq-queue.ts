import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { reportRedisErrors } from "../redis/connection-report.js";
import { jobIdFor, type RetryPolicy } from "../../app/jobs.js";
import type { IngestQueue, JobState, JobStatus } from "../../ports.js";
import type { JobPayload } from "../../schemas/job.js";

/**
 * tikrar's own keys beside a queue's live under `<prefix>:<queue>::`. BullMQ names a queue's keys
 * `<prefix>:<queue>:<name or job id>[:<suffix>]`, and a job id is never empty and holds no ':', so
 * none of them starts so. (Under `<prefix>:<queue>:`, a producer's job named `worker-heartbeat`
 * would have had its hash overwritten by the heartbeat, and the lock of a job named `result` would
 * have been the result key of a job named `lock`.)
 */
const ownKey = (prefix: string, queue: string, name: string) => `${prefix}:${queue}::${name}`;

export const heartbeatKey = (prefix: string, queue: string) => ownKey(prefix, queue, "worker-heartbeat");

/**
 * Where a worker keeps a finished job's result (JSON: result, attempts) for a while.
 * The job itself is removed once done: it holds its whole payload (~3.5 KB an article, measured),
 * which would soon outweigh the index.
 */
export const resultKey = (prefix: string, queue: string, jobId: string) => ownKey(prefix, queue, `result:${jobId}`);

/**
 * The ledger of the results kept (a list, oldest first) and the bytes they hold, which bound them
 * (keep-result.lua). A job id holds no ':', so no result key has these names.
 */
export const resultLedgerKeys = (prefix: string, queue: string) => ({ ledger: ownKey(prefix, queue, "results-ledger"), bytes: ownKey(prefix, queue, "results-bytes") });

/** The name of the jobs the API queues: their ids derive from their payloads (jobIdFor). */
export const API_JOB_NAME = "api";

/** Failed jobs keep their payload for inspection: a week, at most this many. */
export const KEEP_FAILED = { age: 7 * 24 * 3600, count: 10_000 };

interface StoredResult { result: unknown; attempts: number }

/** The BullMQ producer side of the `ingest` queue, on the process's one Redis client. */
export class BullmqQueue implements IngestQueue {
  private readonly queue: Queue;

  constructor(private readonly redis: Redis, readonly name: string, private readonly prefix: string, private readonly retry: RetryPolicy) {
    this.queue = new Queue(name, { connection: redis, prefix });
    this.queue.on("error", reportRedisErrors(redis));
  }

  /**
   * The same payload while its job waits or runs is the same job. Once done it is queued again
   * under the same id, and a worker answers it from the result kept (ingest-worker.ts) without
   * running it: checking for that result here cost every 202 a second round trip to Redis.
   */
  async enqueue(payload: JobPayload): Promise<{ jobId: string }> {
    const jobId = await jobIdFor(payload);
    await this.queue.add(API_JOB_NAME, payload, {
      jobId,
      attempts: this.retry.attempts,
      backoff: { type: "exponential", delay: this.retry.backoffMs },
      removeOnComplete: true,
      removeOnFail: KEEP_FAILED,
    });
    return { jobId };
  }

  /**
   * A job's result is read from resultKey, where its worker kept it before completing it (BullMQ's
   * return value only points there: ingest-worker.ts). A job no longer there finished and was
   * removed; one its producer kept reads its state from BullMQ, and, completed, its result from
   * the same key, without one once the results' budget or time has let it go.
   */
  async getJob(jobId: string): Promise<JobStatus | undefined> {
    const raw = await this.queue.getJobState(jobId);
    const job = raw === "unknown" ? undefined : await this.queue.getJob(jobId);
    if (!job) return this.finished(jobId); // removed once done (its result was written before)
    const state: JobState = raw === "completed" || raw === "failed" || raw === "active" ? raw : "waiting";
    if (state === "completed") return { id: jobId, state, attempts: job.attemptsMade, ...(await this.stored(jobId)) };
    return { id: jobId, state, attempts: job.attemptsMade, ...(state === "failed" ? { failedReason: job.failedReason } : {}) };
  }

  private async finished(jobId: string): Promise<JobStatus | undefined> {
    const stored = await this.stored(jobId);
    return stored && { id: jobId, state: "completed", ...stored };
  }

  private async stored(jobId: string): Promise<StoredResult | undefined> {
    const stored = await this.redis.get(resultKey(this.prefix, this.name, jobId));
    return stored ? (JSON.parse(stored) as StoredResult) : undefined;
  }

  /** Polls the job's state (no extra blocking connection) until it finishes or the time is up. */
  async waitFor(jobId: string, timeoutMs: number): Promise<JobStatus | undefined> {
    const until = Date.now() + timeoutMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      const s = await this.getJob(jobId);
      if (!s || s.state === "completed" || s.state === "failed" || Date.now() >= until) return s;
      await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(1, until - Date.now()))));
    }
  }

  async depth(): Promise<number> {
    const c = await this.queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
    return Object.values(c).reduce((a, b) => a + b, 0);
  }

  async workerAlive(): Promise<boolean> {
    return (await this.redis.exists(heartbeatKey(this.prefix, this.name))) === 1;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
