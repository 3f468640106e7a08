import { UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { PermanentJobError, type JobProcessor } from "../../app/jobs.js";
import { reportRedisErrors } from "../redis/connection-report.js";
import { registerScripts } from "../redis/scripts.js";
import { API_JOB_NAME, heartbeatKey, KEEP_FAILED, resultKey, resultLedgerKeys } from "./bullmq-queue.js";

export interface WorkerOptions {
  queue: string;
  prefix: string;
  concurrency: number;
  /** How long a finished job's result is kept (seconds). */
  resultTtlSeconds: number;
  /** What the queue's kept results add up to at most (bytes of JSON); the oldest go first. */
  resultBudgetBytes: number;
  /** Fault tests shrink these; production keeps BullMQ's defaults. */
  lockDuration?: number;
  stalledInterval?: number;
}

const HEARTBEAT_MS = 2_000;

/** What a finished job returns to BullMQ (its `returnvalue`, and its `completed` event): where its result is kept. */
export interface JobPointer { resultKey: string }
const pointerTo = (resultKey: string): JobPointer => ({ resultKey });

/**
 * Consumes the `ingest` queue. An invalid payload fails once as UnrecoverableError (no retry);
 * anything else is retried by BullMQ with exponential backoff. close() finishes jobs in hand.
 * A job's result is written to resultKey (kept `resultTtlSeconds`, and while the queue's kept results
 * add up to at most `resultBudgetBytes`: keep-result.lua) before BullMQ completes it, and
 * a completed job is removed unless its producer asked otherwise (its payload would stay in Redis).
 * A job queued through the API whose result is still kept (the same payload queued again, or a
 * retry after the result was written) runs again, which leaves the index as it was (the same
 * articles, unchanged), and its first result stays. Looking for that result before running cost
 * every job a round trip to Redis, ~200 µs of a worker's CPU on the benchmark machine: a tenth of
 * a single-article job (bench/RESULTS.md).
 *
 * BullMQ's own return value of a job is only the key of its kept result (JobPointer). BullMQ
 * writes the return value into the queue's event stream, which keeps the last 10,000 events
 * whatever their size: whole results there (~80 KB a job of 500 articles, measured) would have
 * held up to gigabytes of Redis outside the results' byte budget.
 */
export function startIngestWorker(redis: Redis, process: JobProcessor, o: WorkerOptions) {
  const scripts = registerScripts(redis);
  const { ledger, bytes } = resultLedgerKeys(o.prefix, o.queue);
  const worker = new Worker(
    o.queue,
    async (job) => {
      const key = resultKey(o.prefix, o.queue, job.id!);
      // A kept result stays only for the API's jobs: their ids derive from the payload, while a
      // producer may reuse its own ids for other payloads (hashing every payload here instead cost
      // ~30 µs an article, measured).
      try {
        const result = await process(job.data, job.timestamp);
        // written and filed by one script: a result is never kept outside the budget's ledger
        await scripts.tikrarKeepResult(key, ledger, bytes, o.resultBudgetBytes, JSON.stringify({ result, attempts: job.attemptsMade + 1 }), o.resultTtlSeconds, job.name === API_JOB_NAME ? "1" : "");
        return pointerTo(key);
      } catch (e) {
        if (e instanceof PermanentJobError) throw new UnrecoverableError(e.message);
        throw e;
      }
    },
    {
      connection: redis, prefix: o.prefix, concurrency: o.concurrency,
      removeOnComplete: { count: 0 }, removeOnFail: KEEP_FAILED, // for jobs whose producer set neither
      ...(o.lockDuration ? { lockDuration: o.lockDuration } : {}), // BullMQ reads an explicit undefined as a value
      ...(o.stalledInterval ? { stalledInterval: o.stalledInterval } : {}),
    },
  );
  worker.on("error", reportRedisErrors(redis));
  const beat = () => redis.set(heartbeatKey(o.prefix, o.queue), String(Date.now()), "PX", HEARTBEAT_MS * 3).catch(() => undefined);
  void beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  return {
    worker,
    async close(): Promise<void> {
      clearInterval(timer);
      await worker.close();
      await redis.del(heartbeatKey(o.prefix, o.queue)).catch(() => undefined);
    },
  };
}
