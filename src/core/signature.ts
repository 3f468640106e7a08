import { fmix32 } from "./hash.js";
import type { Arena } from "./scratch.js";
import { fail, ok, type Result } from "./errors.js";
import { specKey, type SignatureSpec } from "./signature-spec.js";

/** A MinHash signature: numPerm values, each below 2^bits of its spec. */
export interface Signature {
  spec: string;
  values: Uint32Array;
  /** Shingles hashed (repeats included): gates texts too short to ever match. */
  shingleCount: number;
}

const EMPTY = 0xffffffff;

/**
 * One-permutation hashing: each shingle lands in one bin by its top bits and competes on its low
 * bits. `hashes` must be uniform 32-bit hashes made with `spec.seed` (as `shingleHashes` and
 * `charGrams` make them). The values come from `arena` when given.
 */
export function sketch(hashes: Uint32Array, spec: SignatureSpec, arena?: Arena): Signature {
  const m = spec.numPerm;
  const shift = 32 - Math.log2(m);
  const lowMask = shift === 32 ? 0xffffffff : (1 << shift) - 1;
  const values = (arena ? arena.u32(m) : new Uint32Array(m)).fill(EMPTY);
  // Shingle hashes arrive finalized by fmix32 and seeded with the spec's seed (`shingleHashes`,
  // `charGrams`): already uniform, so their top bits pick the bin and the rest compete as they are.
  for (let i = 0; i < hashes.length; i++) {
    const g = hashes[i];
    const bin = g >>> shift;
    const v = (g & lowMask) >>> 0;
    if (v < values[bin]) values[bin] = v;
  }
  densify(values, spec.seed);
  if (spec.bits < 32) { // b-bit MinHash: keep the low bits of each minimum (after densification, so borrowed bins agree)
    const mask = (1 << spec.bits) - 1;
    for (let i = 0; i < m; i++) values[i] &= mask;
  }
  return { spec: keyOf(spec), values, shingleCount: hashes.length };
}

/** Spec keys are built once per spec object, not once per signature. */
const KEYS = new WeakMap<SignatureSpec, string>();
function keyOf(spec: SignatureSpec): string {
  let k = KEYS.get(spec);
  if (k === undefined) { k = specKey(spec); KEYS.set(spec, k); }
  return k;
}

/** Optimal densification: an empty bin borrows from the first non-empty bin on its own random probe sequence. */
function densify(values: Uint32Array, seed: number): void {
  const m = values.length;
  let empty = 0;
  for (let i = 0; i < m; i++) if (values[i] === EMPTY) empty++;
  if (empty === 0 || empty === m) return;
  if (wasFilled.length < m) wasFilled = new Uint8Array(m);
  const isFilled = wasFilled; // bins filled before densification: borrowed values never chain
  for (let i = 0; i < m; i++) isFilled[i] = values[i] === EMPTY ? 0 : 1;
  for (let i = 0; i < m; i++) {
    if (isFilled[i]) continue;
    for (let attempt = 1; ; attempt++) {
      const j = fmix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b) ^ seed) & (m - 1);
      if (isFilled[j]) { values[i] = values[j]; break; }
    }
  }
}

let wasFilled = new Uint8Array(1024);

/** Estimated Jaccard similarity; a spec mismatch is an error value, never a low score. */
export function estimateJaccard(a: Signature, b: Signature, minShingles = 1): Result<number> {
  if (a.spec !== b.spec) return fail("spec_mismatch", `signatures of different specs cannot be compared: ${a.spec} vs ${b.spec}`);
  if (a.shingleCount < minShingles || b.shingleCount < minShingles) return ok(0);
  return ok(agreement(a.values, b.values, bitsOf(a.spec)));
}

/**
 * Estimated Jaccard from the fraction of equal bins; callers have already checked the specs.
 * With b-bit values two different minima agree with probability 2^-b: P = J + (1 − J)·2^-b.
 */
export function agreement(a: Uint32Array, b: Uint32Array, bits = 32): number {
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  const p = eq / a.length;
  if (bits >= 32) return p;
  const c = 2 ** -bits;
  return Math.max(0, (p - c) / (1 - c));
}

/** The value width recorded in a spec key ("…x128b16/…"); 32 for keys without one. */
export function bitsOf(spec: string): number {
  let bits = BITS.get(spec);
  if (bits === undefined) {
    const m = /x\d+b(\d+)\//.exec(spec);
    bits = m ? Number(m[1]) : 32;
    if (BITS.size < 64) BITS.set(spec, bits);
  }
  return bits;
}

const BITS = new Map<string, number>();
