/**
 * Bands × rows for MinHash LSH, chosen by minimizing the weighted areas of false positives
 * (below the threshold) and false negatives (above it) under the S-curve 1-(1-s^r)^b.
 */
export interface LshParams { bands: number; rows: number }

export interface LshParamOptions {
  threshold: number;
  numPerm: number;
  falsePositiveWeight?: number;
  falseNegativeWeight?: number;
}

const STEPS = 200;

function integrate(f: (s: number) => number, lo: number, hi: number): number {
  const h = (hi - lo) / STEPS;
  let area = 0;
  for (let i = 0; i < STEPS; i++) area += (f(lo + i * h) + f(lo + (i + 1) * h)) * 0.5 * h;
  return area;
}

export const collisionProbability = (s: number, p: LshParams) => 1 - Math.pow(1 - Math.pow(s, p.rows), p.bands);

/** Pure, and ~0.1 s at 128 values: results are kept per distinct options (a handful per process). */
const memo = new Map<string, LshParams>();

export function optimalParams(o: LshParamOptions): LshParams {
  const fpw = o.falsePositiveWeight ?? 0.5;
  const fnw = o.falseNegativeWeight ?? 0.5;
  const key = `${o.threshold}/${o.numPerm}/${fpw}/${fnw}`;
  let p = memo.get(key);
  if (!p) {
    p = search(o, fpw, fnw);
    if (memo.size < 256) memo.set(key, p);
  }
  return { ...p };
}

function search(o: Pick<LshParamOptions, "threshold" | "numPerm">, fpw: number, fnw: number): LshParams {
  let best: LshParams = { bands: 1, rows: o.numPerm };
  let bestErr = Infinity;
  for (let bands = 1; bands <= o.numPerm; bands++) {
    const maxRows = Math.floor(o.numPerm / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const p = { bands, rows };
      const fp = integrate((s) => collisionProbability(s, p), 0, o.threshold);
      const fn = integrate((s) => 1 - collisionProbability(s, p), o.threshold, 1);
      const err = fpw * fp + fnw * fn;
      if (err < bestErr) { bestErr = err; best = p; }
    }
  }
  return best;
}
