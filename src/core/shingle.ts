import { FNV_OFFSET, FNV_PRIME, combine, fmix32 } from "./hash.js";
import { normalizePage, type NormalizedText } from "./normalize.js";

/** Shingle hashes of a normalized text and, per shingle, its span in normalized code units. */
export interface Shingles {
  hashes: Uint32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Number of words in the text (a text shorter than k words still yields one shingle). */
  words: number;
}

/** Word k-shingle hashes of a text, as page analysis makes them (normalized in one pass, seeded). */
export function textShingles(text: string, k: number, seed: number): Uint32Array {
  const words = normalizePage(text).wordHash;
  return shingleHashes(words, words.length, k, seed);
}

/**
 * Shingle hashes over `count` word hashes: shingle i covers words i .. min(count, i + k) − 1 (a text
 * shorter than k words still yields one shingle).
 */
export function shingleHashes(words: Uint32Array, count: number, k: number, seed: number, alloc: (n: number) => Uint32Array = (n) => new Uint32Array(n)): Uint32Array {
  const n = count === 0 ? 0 : Math.max(1, count - k + 1);
  const hashes = alloc(n);
  for (let i = 0; i < n; i++) {
    let acc = seed;
    const last = Math.min(count, i + k) - 1;
    for (let j = i; j <= last; j++) acc = combine(acc, words[j]);
    hashes[i] = fmix32(acc);
  }
  return hashes;
}

/** Character n-grams over a normalized text with word boundaries kept (for headlines). */
export function charShingles(norm: Pick<NormalizedText, "text">, n: number, seed: number): Shingles {
  const t = ` ${norm.text} `;
  const count = norm.text.length === 0 ? 0 : Math.max(1, t.length - n + 1);
  const hashes = new Uint32Array(count);
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let h = FNV_OFFSET ^ seed;
    for (let j = i; j < Math.min(t.length, i + n); j++) h = Math.imul(h ^ t.charCodeAt(j), FNV_PRIME);
    hashes[i] = fmix32(h);
    starts[i] = Math.max(0, i - 1);
    ends[i] = Math.min(norm.text.length, i + n - 1);
  }
  return { hashes, starts, ends, words: norm.text.length === 0 ? 0 : norm.text.split(" ").length };
}
