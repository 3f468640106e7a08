/** Runs `fn` until at least `minMs` have passed (after one warm-up), returns seconds per call. */
export function timeIt(fn: () => unknown, minMs = 1500): number {
  fn();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) { fn(); calls++; }
  return (performance.now() - t0) / 1000 / calls;
}

export function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

export const mb = (bytes: number) => bytes / 1e6;
