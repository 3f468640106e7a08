import { DELETE, EXPAND, FOLD, SPACE } from "./normalize-table.js";
export { NORMALIZER_VERSION } from "./normalize-table.js";

/**
 * Normalized text and, for every normalized code unit, the raw-text range it came from
 * (`starts[i]`..`ends[i]`, JavaScript string indices). Words are separated by one space;
 * there is no leading or trailing space.
 */
export interface NormalizedText {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

/** One table-driven pass over `raw[from, to)`: NFKC folding, Arabic letter folding, separators. */
export function normalize(raw: string, from = 0, to = raw.length): NormalizedText {
  // Output never outgrows input except through ligature expansions, which are rare: leave room for 64 more.
  let cap = to - from + 64;
  let codes = new Uint16Array(cap);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let n = 0;
  let pendingSpace = false;
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i);
    const f = FOLD[c];
    if (f === DELETE) continue;
    if (f === SPACE) {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && (raw.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++; // astral symbol
      const exp = EXPAND.get(c);
      if (exp === undefined) { pendingSpace = true; continue; }
      if (n + 2 * exp.length + 2 > cap) {
        cap = cap * 2 + 2 * exp.length;
        codes = grow(codes, new Uint16Array(cap)); starts = grow(starts, new Int32Array(cap)); ends = grow(ends, new Int32Array(cap));
      }
      for (let k = 0; k < exp.length; k++) { // every part of an expansion maps to the one raw unit
        const part = exp.charCodeAt(k);
        if (part === SPACE) { pendingSpace = true; continue; }
        if (pendingSpace && n > 0) { codes[n] = SPACE; starts[n] = i; ends[n] = i; n++; }
        pendingSpace = false;
        codes[n] = part; starts[n] = i; ends[n] = i + 1; n++;
      }
      continue;
    }
    if (pendingSpace) {
      if (n > 0) { codes[n] = SPACE; starts[n] = i; ends[n] = i; n++; }
      pendingSpace = false;
    }
    codes[n] = f; starts[n] = i; ends[n] = i + 1; n++;
  }
  return { text: decode(codes, n), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

/** Only the normalized string, for keys and lexicon matching. */
export function normalizeText(raw: string): string {
  return normalize(raw).text;
}

function grow<T extends Uint16Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const UTF16 = new TextDecoder("utf-16le");

function decode(codes: Uint16Array, n: number): string {
  return UTF16.decode(codes.subarray(0, n));
}
