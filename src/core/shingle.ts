import { FNV_OFFSET, FNV_PRIME, combine, fmix32 } from "./hash.js";
import { normalizePage } from "./normalize.js";

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

let gramScratch = new Uint32Array(256);

/**
 * The distinct character n-gram hashes of a normalized text with its word boundaries kept (a space
 * before and after), sorted: what headline comparison takes (a text shorter than n still yields one
 * gram). Hashed into a reused buffer and sorted there; only the result is allocated.
 */
export function charGrams(text: string, n: number, seed: number): Uint32Array {
  if (text.length === 0) return new Uint32Array(0);
  const t = ` ${text} `;
  const count = Math.max(1, t.length - n + 1);
  if (gramScratch.length < count) gramScratch = new Uint32Array(Math.max(count, 2 * gramScratch.length));
  const g = gramScratch.subarray(0, count);
  for (let i = 0; i < count; i++) {
    let h = FNV_OFFSET ^ seed;
    const end = Math.min(t.length, i + n);
    for (let j = i; j < end; j++) h = Math.imul(h ^ t.charCodeAt(j), FNV_PRIME);
    g[i] = fmix32(h);
  }
  g.sort();
  let k = 1;
  for (let i = 1; i < count; i++) if (g[i] !== g[k - 1]) g[k++] = g[i];
  return g.slice(0, k);
}
