import type { Redis } from "ioredis";

/** A command sent on the client (one ioredis method call). */
type Send = (c: Redis) => unknown;

interface Pending { send: Send; resolve: (v: unknown) => void; reject: (e: unknown) => void }

/**
 * Sends the commands issued in one tick in one socket write, where the client writes each command
 * on its own. A batch's slice issues hundreds of commands at once, and on the benchmark machine a
 * write's system call cost ~20 µs, 9% of a worker's time (measured). The commands are the client's
 * own, sent with its socket corked: an ioredis pipeline would do the same write, but building one
 * copies every script defined on the client (the queue defines ~60) and cost more CPU than these
 * corked sends (bench/RESULTS.md). Commands go out in the order they were issued, all through this
 * batcher, so a remove and a later upsert of the same article never swap. The client itself is
 * shared with the queue (one client a process) and keeps its own behaviour.
 */
export class TickBatch {
  private pending: Pending[] = [];

  constructor(private readonly redis: Redis) {}

  /** `send` gets the client and calls one command on it. */
  run<T>(send: Send): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.pending.length === 0) process.nextTick(() => this.flush());
      this.pending.push({ send, resolve: resolve as (v: unknown) => void, reject });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    // Corked, the client's writes of these commands leave in one system call when uncorked. Each
    // command keeps the client's own reply and error: one that throws while being sent fails alone.
    const stream = batch.length > 1 ? this.redis.stream : undefined;
    stream?.cork();
    try {
      for (const c of batch) {
        try { (c.send(this.redis) as Promise<unknown>).then(c.resolve, c.reject); } catch (e) { c.reject(e); }
      }
    } finally {
      stream?.uncork();
    }
  }
}
