import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { jobIdFor, type RetryPolicy } from "../../app/jobs.js";
import type { IngestQueue, JobState, JobStatus } from "../../ports.js";
import type { JobPayload } from "../../schemas/job.js";

export const heartbeatKey = (prefix: string, queue: string) => `${prefix}:${queue}:worker-heartbeat`;

/** The BullMQ producer side of the `ingest` queue, on the process's one Redis client. */
export class BullmqQueue implements IngestQueue {
  private readonly queue: Queue;

  constructor(private readonly redis: Redis, readonly name: string, private readonly prefix: string, private readonly retry: RetryPolicy) {
    this.queue = new Queue(name, { connection: redis, prefix });
  }

  async enqueue(payload: JobPayload): Promise<{ jobId: string }> {
    const jobId = await jobIdFor(payload);
    await this.queue.add("ingest", payload, {
      jobId,
      attempts: this.retry.attempts,
      backoff: { type: "exponential", delay: this.retry.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return { jobId };
  }

  /**
   * The state is read before the job: finishing writes the result and moves the job in one script,
   * so a job read after a finished state holds its result (read the other way round, a job that
   * finished in between would show "completed" with no result).
   */
  async getJob(jobId: string): Promise<JobStatus | undefined> {
    const raw = await this.queue.getJobState(jobId);
    if (raw === "unknown") return undefined;
    const job = await this.queue.getJob(jobId);
    if (!job) return undefined;
    const state: JobState = raw === "completed" || raw === "failed" || raw === "active" ? raw : "waiting";
    return { id: jobId, state, attempts: job.attemptsMade, ...(state === "completed" ? { result: job.returnvalue } : {}), ...(state === "failed" ? { failedReason: job.failedReason } : {}) };
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
