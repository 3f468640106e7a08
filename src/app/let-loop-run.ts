/**
 * Resolves on a later turn of the event loop, so that I/O callbacks (HTTP requests, timers) run
 * in between: setImmediate where there is one (Node), else a zero timeout (Workers; in Node
 * that waits at least 1 ms).
 */
export const letLoopRun: () => Promise<void> = typeof setImmediate === "function"
  ? () => new Promise((resolve) => setImmediate(resolve))
  : () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Resolves once the callbacks already queued for the end of this tick (process.nextTick) have run,
 * before any I/O: where there is no process.nextTick (Workers), at once.
 */
export const afterTick: () => Promise<void> = typeof process === "object" && typeof process.nextTick === "function"
  ? () => new Promise((resolve) => process.nextTick(resolve))
  : () => Promise.resolve();
