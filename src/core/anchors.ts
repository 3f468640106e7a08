import { fmix32 } from "./hash.js";
import type { Fingerprints } from "./fingerprints.js";

/**
 * Anchors: the fingerprints whose mixed hash has its low ANCHOR_BITS bits zero — content-defined,
 * so a passage shared by two articles yields the same anchors in both (about one per 10 shingles).
 * They find partial copies whose Jaccard is too low for MinHash LSH (a wire story in a long piece).
 */
export const ANCHOR_BITS = 2;
const MASK = (1 << ANCHOR_BITS) - 1;

export function anchorsOf(fp: Pick<Fingerprints, "hashes">): Uint32Array {
  const out = new Set<number>();
  for (let i = 0; i < fp.hashes.length; i++) if ((fmix32(fp.hashes[i] ^ 0x5bd1e995) & MASK) === 0) out.add(fp.hashes[i]);
  return Uint32Array.from(out);
}
