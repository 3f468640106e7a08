import { fmix32 } from "./hash.js";
import type { Fingerprints } from "./fingerprints.js";

/**
 * Anchors: the fingerprints whose mixed hash has its low ANCHOR_BITS bits zero — content-defined,
 * so a passage shared by two articles yields the same anchors in both (about one per 10 shingles).
 * They find partial copies whose Jaccard is too low for MinHash LSH (a wire story in a long piece).
 */
export const ANCHOR_BITS = 2;
const MASK = (1 << ANCHOR_BITS) - 1;

/** The distinct anchors among the fingerprints, in first-occurrence order. */
export function anchorsOf(fp: Pick<Fingerprints, "hashes">): Uint32Array {
  const hashes = fp.hashes;
  const picked: number[] = [];
  for (let i = 0; i < hashes.length; i++) if ((fmix32(hashes[i] ^ 0x5bd1e995) & MASK) === 0) picked.push(hashes[i]);
  if (picked.length > 64) return Uint32Array.from(new Set(picked));
  let n = 0; // a few dozen: a linear scan for repeats beats a Set
  for (let i = 0; i < picked.length; i++) {
    let k = 0;
    while (k < n && picked[k] !== picked[i]) k++;
    if (k === n) picked[n++] = picked[i];
  }
  return Uint32Array.from(picked.slice(0, n));
}
