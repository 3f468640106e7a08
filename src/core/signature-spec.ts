import { NORMALIZER_VERSION } from "./normalize.js";

/**
 * Everything that decides a signature's values. Two signatures are comparable only if their
 * spec keys are equal; the key travels with every stored signature.
 */
export interface SignatureSpec {
  version: 2;
  normalizer: string;
  /** "word": k consecutive normalized words (articles); "char": n-grams (headlines). */
  shingle: "word" | "char";
  /** Shingle size in words or characters. */
  size: number;
  /** Number of MinHash values (bins); a power of two, 16..1024. */
  numPerm: number;
  seed: number;
  /** One-permutation hashing with optimal densification over fmix32(FNV-1a) shingle hashes. */
  scheme: "oph-od";
  /**
   * Bits kept of each minimum (b-bit MinHash): 8 stores a quarter of the 32, and two different
   * minima then agree by chance once in 2^bits bins, which the estimator removes (articles keep 8,
   * headlines 16; bench/RESULTS.md, "Estimator error").
   */
  bits: 8 | 16 | 32;
  /** Texts with fewer shingles never match anything. */
  minShingles: number;
}

/** Articles: word 4-shingles survive light edits better than 5 while staying specific. */
export const ARTICLE_SPEC: SignatureSpec = {
  version: 2, normalizer: NORMALIZER_VERSION, shingle: "word", size: 4, numPerm: 128, seed: 0x7ac3a1, scheme: "oph-od", bits: 8, minShingles: 8,
};

/** Headlines: character trigrams, since a headline is too short for word shingles. */
export const HEADLINE_SPEC: SignatureSpec = {
  version: 2, normalizer: NORMALIZER_VERSION, shingle: "char", size: 3, numPerm: 64, seed: 0x4e11, scheme: "oph-od", bits: 16, minShingles: 6,
};

export function specKey(s: SignatureSpec): string {
  return `v${s.version}/${s.normalizer}/${s.shingle}${s.size}/${s.scheme}x${s.numPerm}b${s.bits}/s${s.seed}/m${s.minShingles}`;
}

export function validateSpec(s: SignatureSpec): string | undefined {
  if (!Number.isInteger(Math.log2(s.numPerm)) || s.numPerm < 16 || s.numPerm > 1024) return "numPerm must be a power of two in 16..1024";
  if (!Number.isInteger(s.size) || s.size < 1 || s.size > 16) return "size must be an integer in 1..16";
  if (s.bits !== 8 && s.bits !== 16 && s.bits !== 32) return "bits must be 8, 16 or 32";
  if (!Number.isInteger(s.minShingles) || s.minShingles < 1) return "minShingles must be a positive integer";
  return undefined;
}
