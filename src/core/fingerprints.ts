import type { Anchors } from "./anchors.js";
import type { Arena } from "./scratch.js";

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
  /** Their anchors, once `anchorsOf` derived them. */
  anchors?: Anchors;
}

export const DEFAULT_WINNOW_WINDOW = 6;

/**
 * Bits of a shingle's hash that fingerprints and passages use (the signature uses all 32): an index
 * stores 3 bytes a fingerprint instead of 4. Two different shingles then share a fingerprint once in
 * 2^24: ~3 chance matches in 10,000 pairs of 75-fingerprint articles, and an anchor key shared by
 * chance with ~1 other article's anchors at 1M indexed (a candidate needs 2 shared anchors unless one
 * side weighs 1; it is then verified by its passages, which chance matches do not make).
 */
export const FINGERPRINT_BITS = 24;
export const FINGERPRINT_MASK = 2 ** FINGERPRINT_BITS - 1;

/**
 * Zeroed arrays for `count` fingerprints: from `arena` when given, else in one buffer of their own
 * (an index keeps them together, and one allocation costs a third of three).
 */
export function fingerprintArrays(count: number, arena?: Arena): Fingerprints {
  if (arena) return { hashes: arena.u32(count), starts: arena.i32(count), ends: arena.i32(count), anchors: undefined };
  const buf = new ArrayBuffer(12 * count);
  return { hashes: new Uint32Array(buf, 0, count), starts: new Int32Array(buf, 4 * count, count), ends: new Int32Array(buf, 8 * count, count), anchors: undefined };
}

let picked = new Int32Array(1024);

/** The fingerprints of the shingles; their arrays come from `arena` when given. */
export function winnow(hashes: Uint32Array, starts: Int32Array, ends: Int32Array, window = DEFAULT_WINNOW_WINDOW, arena?: Arena): Fingerprints {
  const n = hashes.length;
  if (picked.length < n) picked = new Int32Array(2 * n);
  const p = picked;
  let count = 0;
  if (n <= window) for (let i = 0; i < n; i++) p[count++] = i;
  else {
    // The window's minimum is carried from one window to the next: the entering hash replaces it
    // when not larger (rightmost on ties); the window is scanned again only when it leaves.
    let last = -1, min = -1;
    for (let w = 0; w + window <= n; w++) {
      const right = w + window - 1;
      if (min < w) {
        min = w;
        for (let i = w + 1; i <= right; i++) if (hashes[i] <= hashes[min]) min = i;
      } else if (hashes[right] <= hashes[min]) min = right;
      if (min !== last) { p[count++] = min; last = min; }
    }
  }
  const out = fingerprintArrays(count, arena);
  for (let k = 0; k < count; k++) { const i = p[k]; out.hashes[k] = hashes[i]; out.starts[k] = starts[i]; out.ends[k] = ends[i]; }
  return out;
}
