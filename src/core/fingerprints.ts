/**
 * Winnowed fingerprints: in every window of `window` consecutive shingle hashes, the minimum
 * (rightmost on ties) is kept. Any passage of window+k-1 shared words yields a shared fingerprint,
 * so these anchor evidence while storing roughly 2/(window+1) of the shingles.
 */
export interface Fingerprints {
  hashes: Uint32Array;
  /** Raw-text range of the shingle behind each fingerprint. */
  starts: Int32Array;
  ends: Int32Array;
}

export const DEFAULT_WINNOW_WINDOW = 6;

export function winnow(hashes: Uint32Array, starts: Int32Array, ends: Int32Array, window = DEFAULT_WINNOW_WINDOW): Fingerprints {
  const picked: number[] = [];
  if (hashes.length <= window) for (let i = 0; i < hashes.length; i++) picked.push(i);
  else {
    let last = -1;
    for (let w = 0; w + window <= hashes.length; w++) {
      let min = w;
      for (let i = w + 1; i < w + window; i++) if (hashes[i] <= hashes[min]) min = i;
      if (min !== last) { picked.push(min); last = min; }
    }
  }
  const out: Fingerprints = { hashes: new Uint32Array(picked.length), starts: new Int32Array(picked.length), ends: new Int32Array(picked.length) };
  picked.forEach((p, k) => { out.hashes[k] = hashes[p]; out.starts[k] = starts[p]; out.ends[k] = ends[p]; });
  return out;
}
