/** Inlined 32-bit hashing for shingles: FNV-1a over code units, finalized with murmur3's fmix32. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-sensitive combination of consecutive word hashes into one shingle hash. */
export function combine(acc: number, word: number): number {
  return Math.imul((acc ^ word) >>> 0, 0x9e3779b1) ^ ((acc << 13) | (acc >>> 19));
}

/** FNV-1a + fmix32 over a string's code units: what the normalizer gives each word (`PageText.wordHash`). */
export function hashString(s: string, seed = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return fmix32(h);
}
