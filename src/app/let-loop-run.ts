/**
 * Resolves on a later turn of the event loop, so that I/O callbacks (HTTP requests, timers) run
 * in between: setImmediate where there is one (Node), else a zero timeout (Workers; in Node
 * that waits at least 1 ms).
 */
export const letLoopRun: () => Promise<void> = typeof setImmediate === "function"
  ? () => new Promise((resolve) => setImmediate(resolve))
  : () => new Promise((resolve) => setTimeout(resolve, 0));
