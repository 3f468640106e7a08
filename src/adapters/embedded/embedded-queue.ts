import { systemClock, type Clock, type IngestQueue, type JobStatus } from "../../ports.js";
import type { JobPayload } from "../../schemas/job.js";
import { PermanentJobError, jobIdFor, runWithRetry, type JobProcessor, type RetryPolicy } from "../../app/jobs.js";
import { letLoopRun } from "../../app/let-loop-run.js";
import type { AppendLog } from "../fs/append-log.js";

/** A log line: a job (`at`: when it was queued, its articles' first-seen time; absent in older logs) or a delete. */
export type LogEntry = { t: "job"; id: string; at?: number; payload: JobPayload } | { t: "delete"; id: string };

/** A job; its payload is let go once it has run (finished jobs are kept for their status only). */
interface Job { status: JobStatus; payload?: JobPayload; at: number; waiters: (() => void)[] }

/** Finished jobs kept for GET /v1/jobs/:id; the oldest are forgotten first. */
const KEEP_FINISHED = 10_000;

/**
 * The in-process queue of the embedded default. Jobs run one at a time in enqueue order; every job
 * is in the append-only log before `enqueue` resolves, and replaying the log (`replayLog`) rebuilds the index.
 */
export class EmbeddedQueue implements IngestQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly order: string[] = [];
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly process: JobProcessor, private readonly log: AppendLog<LogEntry> | undefined, private readonly retry: RetryPolicy, private readonly clock: Clock = systemClock) {}

  async enqueue(payload: JobPayload): Promise<{ jobId: string }> {
    if (this.closed) throw new Error("queue is closed");
    const jobId = await jobIdFor(payload);
    const existing = this.jobs.get(jobId);
    if (existing && existing.status.state !== "failed") return { jobId };
    const at = this.clock.now();
    await this.log?.append({ t: "job", id: jobId, at, payload });
    this.track(jobId, payload, at);
    // The event loop runs before each job: a backlog otherwise drained in one stretch of microtasks
    // (the memory store never waits on I/O), and no HTTP request was answered meanwhile.
    this.running = this.running.then(letLoopRun).then(() => this.run(jobId));
    return { jobId };
  }

  /**
   * Logs a delete and applies it after every job queued before it: replay applies the log in its
   * order, so applying it at once would let an earlier-queued version of the article come back
   * live and stay deleted after a restart.
   */
  async deleteInOrder<T>(id: string, apply: () => Promise<T>): Promise<T> {
    await this.log?.append({ t: "delete", id });
    const done = this.running.then(apply);
    this.running = done.then(() => undefined, () => undefined);
    return done;
  }

  async getJob(jobId: string): Promise<JobStatus | undefined> {
    return this.jobs.get(jobId)?.status;
  }

  async waitFor(jobId: string, timeoutMs: number): Promise<JobStatus | undefined> {
    const job = this.jobs.get(jobId);
    if (!job || job.status.state === "completed" || job.status.state === "failed") return job?.status;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      job.waiters.push(() => { clearTimeout(timer); resolve(); });
    });
    return job.status;
  }

  async depth(): Promise<number> {
    let n = 0;
    for (const j of this.jobs.values()) if (j.status.state === "waiting" || j.status.state === "active") n++;
    return n;
  }

  async workerAlive(): Promise<boolean> { return !this.closed; }

  /**
   * Stops taking jobs and finishes the one in hand. Jobs not started yet are left to the log, whose
   * replay at the next start runs them: a stop does not wait for a whole backlog.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private track(jobId: string, payload: JobPayload, at: number): void {
    this.jobs.set(jobId, { status: { id: jobId, state: "waiting", attempts: 0 }, payload, at, waiters: [] });
    this.order.push(jobId);
    while (this.order.length > KEEP_FINISHED) {
      const old = this.order[0];
      const s = this.jobs.get(old)?.status.state;
      if (s !== "completed" && s !== "failed") break;
      this.order.shift();
      this.jobs.delete(old);
    }
  }

  private async run(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job || job.status.state !== "waiting" || !job.payload || this.closed) return;
    const payload = job.payload;
    job.status.state = "active";
    try {
      job.status.result = await runWithRetry(() => { job.status.attempts++; return this.process(payload, job.at); }, this.retry);
      job.status.state = "completed";
    } catch (e) {
      job.status.state = "failed";
      job.status.failedReason = e instanceof PermanentJobError ? e.message : `gave up after ${job.status.attempts} attempts: ${(e as Error).message}`;
    }
    job.payload = undefined;
    for (const w of job.waiters.splice(0)) w();
  }
}
