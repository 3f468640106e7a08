import { systemClock, type Clock, type IngestQueue, type JobStatus } from "../../ports.js";
import type { JobPayload } from "../../schemas/job.js";
import { PermanentJobError, jobIdFor, runWithRetry, type JobProcessor, type RetryPolicy } from "../../app/jobs.js";
import { letLoopRun } from "../../app/let-loop-run.js";
import type { AppendLog } from "../fs/append-log.js";

/** A log line: a job (`at`: when it was queued, its articles' first-seen time; absent in older logs) or a delete. */
export type LogEntry = { t: "job"; id: string; at?: number; payload: JobPayload } | { t: "delete"; id: string };

/**
 * A job. Its payload is let go once it has run; a finished job keeps its status, and its result as
 * JSON in UTF-8: a popular story's result (50 relations with their passages) took ~200 KB of heap
 * as objects, ~40 KB so (bench/RESULTS.md).
 */
interface Job { status: Omit<JobStatus, "result">; result?: Uint8Array; payload?: JobPayload; at: number; waiters: ((done: JobStatus) => void)[] }

/** How many finished jobs GET /v1/jobs/:id can still answer, and how many bytes of results they keep in all. */
export interface Retention { jobs: number; resultBytes: number }

/** The oldest finished jobs are forgotten first, whichever bound they pass. */
export const DEFAULT_RETENTION: Retention = { jobs: 10_000, resultBytes: 64 * 1024 * 1024 };

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * The in-process queue of the embedded default. Jobs run one at a time in enqueue order; every job
 * is in the append-only log before `enqueue` resolves, and replaying the log (`replayLog`) rebuilds the index.
 */
export class EmbeddedQueue implements IngestQueue {
  private readonly jobs = new Map<string, Job>();
  /** Jobs in enqueue order: they run in it, so the finished ones come first. */
  private readonly order: { id: string; job: Job }[] = [];
  private resultBytes = 0;
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly process: JobProcessor, private readonly log: AppendLog<LogEntry> | undefined, private readonly retry: RetryPolicy, private readonly clock: Clock = systemClock, private readonly retention: Retention = DEFAULT_RETENTION) {}

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
    const job = this.jobs.get(jobId);
    return job && statusOf(job);
  }

  /** A waiter that sees its job finish gets the result as it was returned, not a copy decoded again. */
  async waitFor(jobId: string, timeoutMs: number): Promise<JobStatus | undefined> {
    const job = this.jobs.get(jobId);
    if (!job || job.status.state === "completed" || job.status.state === "failed") return job && statusOf(job);
    const done = await new Promise<JobStatus | undefined>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      job.waiters.push((status) => { clearTimeout(timer); resolve(status); });
    });
    return done ?? statusOf(job);
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
    const job: Job = { status: { id: jobId, state: "waiting", attempts: 0 }, payload, at, waiters: [] };
    this.jobs.set(jobId, job); // a failed job queued again replaces it here; its place in `order` stays until forgotten
    this.order.push({ id: jobId, job });
    this.forget();
  }

  /** Forgets the oldest finished jobs while more are kept, or more result bytes, than `retention` allows. */
  private forget(): void {
    while (this.order.length > this.retention.jobs || this.resultBytes > this.retention.resultBytes) {
      const { id, job } = this.order[0];
      if (job.status.state !== "completed" && job.status.state !== "failed") break;
      this.order.shift();
      this.resultBytes -= job.result?.length ?? 0;
      if (this.jobs.get(id) === job) this.jobs.delete(id);
    }
  }

  private async run(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job || job.status.state !== "waiting" || !job.payload || this.closed) return;
    const payload = job.payload;
    job.status.state = "active";
    let result: unknown;
    try {
      result = await runWithRetry(() => { job.status.attempts++; return this.process(payload, job.at); }, this.retry);
      const json = JSON.stringify(result);
      if (json !== undefined) { job.result = utf8.encode(json); this.resultBytes += job.result.length; }
      job.status.state = "completed";
    } catch (e) {
      job.status.state = "failed";
      job.status.failedReason = e instanceof PermanentJobError ? e.message : `gave up after ${job.status.attempts} attempts: ${(e as Error).message}`;
    }
    job.payload = undefined;
    const done: JobStatus = job.result ? { ...job.status, result } : { ...job.status };
    for (const w of job.waiters.splice(0)) w(done);
    this.forget();
  }
}

function statusOf(job: Job): JobStatus {
  return job.result ? { ...job.status, result: JSON.parse(fromUtf8.decode(job.result)) } : { ...job.status };
}
