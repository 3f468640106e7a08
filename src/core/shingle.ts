import { FNV_OFFSET, FNV_PRIME, combine, fmix32 } from "./hash.js";
import type { NormalizedText } from "./normalize.js";

/** Shingle hashes of a normalized text and, per shingle, its span in normalized code units. */
export interface Shingles {
  hashes: Uint32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Number of words in the text (a text shorter than k words still yields one shingle). */
  words: number;
}

/** Scratch for word hashes and spans: they never leave `wordShingles`, so one set serves every call. */
let wHash = new Uint32Array(2048);
let wStart = new Int32Array(2048);
let wEnd = new Int32Array(2048);

/** Hashes and spans of the words of a normalized text (single-space separated) into the scratch arrays. */
function wordHashes(text: string): number {
  const cap = (text.length >>> 1) + 1;
  if (wHash.length < cap) { wHash = new Uint32Array(cap * 2); wStart = new Int32Array(cap * 2); wEnd = new Int32Array(cap * 2); }
  const hashes = wHash, starts = wStart, ends = wEnd;
  let n = 0;
  let h = FNV_OFFSET;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (c !== 0x20) { h = Math.imul(h ^ c, FNV_PRIME); continue; }
    if (i > start) { hashes[n] = fmix32(h); starts[n] = start; ends[n] = i; n++; }
    h = FNV_OFFSET;
    start = i + 1;
  }
  return n;
}

/** Word k-shingles (k consecutive words), hashed with `seed`; spans in normalized code units. */
export function wordShingles(norm: Pick<NormalizedText, "text">, k: number, seed: number): Shingles {
  const words = wordHashes(norm.text);
  const hashes = shingleHashes(wHash, words, k, seed);
  const n = hashes.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) { starts[i] = wStart[i]; ends[i] = wEnd[Math.min(words, i + k) - 1]; }
  return { hashes, starts, ends, words };
}

/**
 * Shingle hashes over `count` word hashes: shingle i covers words i .. min(count, i + k) − 1 (a text
 * shorter than k words still yields one shingle).
 */
export function shingleHashes(words: Uint32Array, count: number, k: number, seed: number): Uint32Array {
  const n = count === 0 ? 0 : Math.max(1, count - k + 1);
  const hashes = new Uint32Array(n);
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
