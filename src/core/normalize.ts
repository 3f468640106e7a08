import { DELETE, EXPAND, EXPANDS, FOLD, SPACE } from "./normalize-table.js";
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

/** A normalized page cut at its line breaks: line k is `text[lineEnds[k-1] ?? 0, lineEnds[k])`. */
export interface NormalizedLines extends NormalizedText {
  /** Raw index of each line break (\n, U+2028, U+2029, U+0085); the last line ends at the text's end. */
  rawBreaks: number[];
  /** Normalized end of each line, one more than rawBreaks. */
  lineEnds: number[];
}

const isBreak = (c: number) => c === 0x0a || c === 0x2028 || c === 0x2029 || c === 0x85;

/** One table-driven pass over `raw[from, to)`: NFKC folding, Arabic letter folding, separators. */
export function normalize(raw: string, from = 0, to = raw.length): NormalizedText {
  return run(raw, from, to, null);
}

/**
 * The whole page in one pass, cut at line breaks: no space joins two lines, so each line's slice
 * equals `normalize` of that line alone, and all lines share one offset map.
 */
export function normalizeLines(raw: string): NormalizedLines {
  const rawBreaks: number[] = [], lineEnds: number[] = [];
  const norm = run(raw, 0, raw.length, { rawBreaks, lineEnds });
  lineEnds.push(norm.text.length);
  return { ...norm, rawBreaks, lineEnds };
}

/** A line of a `normalizeLines` result as its own NormalizedText (views, no copy of the map). */
export function sliceNormalized(n: NormalizedText, from: number, to: number): NormalizedText {
  return { text: n.text.slice(from, to), starts: n.starts.subarray(from, to), ends: n.ends.subarray(from, to) };
}

/** Only the normalized string, for keys and lexicon matching. */
export function normalizeText(raw: string): string {
  return normalize(raw).text;
}

function run(raw: string, from: number, to: number, lines: { rawBreaks: number[]; lineEnds: number[] } | null): NormalizedText {
  // Output never outgrows input except through ligature expansions, which are rare: leave room for 64 more.
  let cap = to - from + 64;
  if (scratch.length < cap) scratch = new Uint16Array(cap * 2);
  let codes = scratch; // copied into the result string, so one buffer serves every call
  const offsets = new Int32Array(2 * cap); // starts and ends: one allocation
  let starts = offsets.subarray(0, cap);
  let ends = offsets.subarray(cap);
  let n = 0;
  const fold = FOLD;
  let lineStart = 0; // no space is emitted before the first word of a line
  let pendingSpace = false;
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i);
    const f = fold[c];
    if (f > EXPANDS) {
      if (f !== SPACE) { // a word code unit: the common case
        if (pendingSpace) {
          if (n > lineStart) { codes[n] = SPACE; starts[n] = i; ends[n] = i; n++; }
          pendingSpace = false;
        }
        codes[n] = f; starts[n] = i; ends[n] = i + 1; n++;
      } else if (lines !== null && isBreak(c)) {
        lines.rawBreaks.push(i); lines.lineEnds.push(n); lineStart = n; pendingSpace = false;
      } else pendingSpace = true;
      continue;
    }
    if (f === DELETE) continue;
    const exp = EXPAND.get(c); // f === EXPANDS
    if (exp === undefined) { // a high surrogate: an astral symbol separates words
      if (i + 1 < to && (raw.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
      pendingSpace = true;
      continue;
    }
    if (n + 2 * exp.length + 2 > cap) {
      cap = cap * 2 + 2 * exp.length;
      codes = grow(codes, new Uint16Array(cap)); starts = grow(starts, new Int32Array(cap)); ends = grow(ends, new Int32Array(cap));
    }
    for (let k = 0; k < exp.length; k++) { // every part of an expansion maps to the one raw unit
      const part = exp.charCodeAt(k);
      if (part === SPACE) { pendingSpace = true; continue; }
      if (pendingSpace && n > lineStart) { codes[n] = SPACE; starts[n] = i; ends[n] = i; n++; }
      pendingSpace = false;
      codes[n] = part; starts[n] = i; ends[n] = i + 1; n++;
    }
  }
  return { text: decode(codes, n), starts: starts.subarray(0, n), ends: ends.subarray(0, n) };
}

let scratch = new Uint16Array(4096);

function grow<T extends Uint16Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const UTF16 = new TextDecoder("utf-16le");
const SMALL = 256;

function decode(codes: Uint16Array, n: number): string {
  if (n > SMALL) return UTF16.decode(codes.subarray(0, n));
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(codes[i]);
  return s;
}
