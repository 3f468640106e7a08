import * as hash from "./hash.js";
import * as table from "./normalize-table.js";
import { tempI32, tempU16, tempU32 } from "./scratch.js";
export { NORMALIZER_VERSION } from "./normalize-table.js";

// Module-level copies: V8 reads an imported binding through its module cell on every use, which
// costs the hot loop about a fifth of its time (measured); a local const does not.
const { FNV_OFFSET, FNV_PRIME, fmix32 } = hash;
const { DELETE, EXPAND, EXPANDS, FOLD, SPACE } = table;

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

/**
 * A normalized page cut at its line breaks, with its words: what page analysis works from.
 * Line k's normalized code units are `codes[lineEnds[k-1] ?? 0, lineEnds[k])` and its words are
 * `[lineWords[k-1] ?? 0, lineWords[k])`. There is no per-code-unit map: evidence and shingles
 * need raw offsets only at word boundaries, which `wordRaw` holds.
 *
 * The normalized text stays code units: analysis reads the text of short lines (markers, titles,
 * datelines) and the first units of long ones, so a page is not decoded into a string whole
 * (a scan of articles runs ~5% faster without that string: bench/RESULTS.md).
 */
export class PageText {
  constructor(
    /** The normalized code units (a view that dies with the page's analysis). */
    readonly codes: Uint16Array,
    /** Raw index of each line break (\n, U+2028, U+2029, U+0085); the last line ends at the text's end. */
    readonly rawBreaks: number[],
    /** Normalized end of each line, one more than rawBreaks. */
    readonly lineEnds: number[],
    /** Word count at the end of each line. */
    readonly lineWords: number[],
    /** Per word: fmix32 of FNV-1a over its normalized code units (what `shingleHashes` combines). */
    readonly wordHash: Uint32Array,
    /** Per word: raw start and raw end, interleaved (word w is wordRaw[2w], wordRaw[2w+1]). */
    readonly wordRaw: Int32Array,
  ) {}

  /** The normalized text of code units [from, to), as a string of its own. */
  slice(from: number, to: number): string {
    return decode(this.codes, from, to);
  }

  /** The whole normalized text (decoded at each call). */
  get text(): string {
    return decode(this.codes, 0, this.codes.length);
  }
}

const isBreak = (c: number) => c === 0x0a || c === 0x2028 || c === 0x2029 || c === 0x85;

/** One table-driven pass over `raw[from, to)`: NFKC folding, Arabic letter folding, separators. */
export function normalize(raw: string, from = 0, to = raw.length): NormalizedText {
  const r = run(raw, from, to, false, true, true);
  return { text: r.text, starts: r.starts!, ends: r.ends! };
}

/**
 * The whole page in one pass, cut at line breaks, words hashed on the way: no space joins two
 * lines, so each line's text equals `normalize` of that line alone.
 */
export function normalizePage(raw: string): PageText {
  const r = run(raw, 0, raw.length, true, false, false);
  r.lineEnds.push(r.units);
  r.lineWords.push(r.words);
  return new PageText(copyU16(r.codes, r.units), r.rawBreaks, r.lineEnds, r.lineWords, copyU32(r.wordHash, r.words), copyI32(r.wordRaw, 2 * r.words));
}

/** The page's arrays die with its analysis: slab views, not arrays of their own. */
function copyU16(from: Uint16Array, n: number): Uint16Array { const to = tempU16(n); to.set(from.subarray(0, n)); return to; }
function copyU32(from: Uint32Array, n: number): Uint32Array { const to = tempU32(n); to.set(from.subarray(0, n)); return to; }
function copyI32(from: Int32Array, n: number): Int32Array { const to = tempI32(n); to.set(from.subarray(0, n)); return to; }

/** Only the normalized string, for keys and lexicon matching. */
export function normalizeText(raw: string): string {
  return run(raw, 0, raw.length, false, false, true).text;
}

interface RunResult {
  /** The normalized text, when asked for. */
  text: string;
  /** The folded code units: `units` of them, valid until the next run. */
  codes: Uint16Array;
  units: number;
  starts?: Int32Array;
  ends?: Int32Array;
  rawBreaks: number[];
  lineEnds: number[];
  lineWords: number[];
  words: number;
  wordHash: Uint32Array;
  wordRaw: Int32Array;
}

/**
 * The one pass. Emits folded code units (one space between words, none at a line's ends), and per
 * word its hash and raw range; with `unitMap`, per code unit its raw range; with `cutLines`, line
 * breaks end lines instead of separating words; with `asText`, the folded units as a string.
 */
function run(raw: string, from: number, to: number, cutLines: boolean, unitMap: boolean, asText: boolean): RunResult {
  // Output never outgrows input except through ligature expansions, which are rare: leave room for 64 more.
  let cap = to - from + 64;
  if (codes.length < cap) growScratch(cap > KEEP_UNITS ? cap : cap * 2);
  const rawBreaks: number[] = [], lineEnds: number[] = [], lineWords: number[] = [];
  let starts: Int32Array | undefined, ends: Int32Array | undefined;
  if (unitMap) { const offsets = new Int32Array(2 * cap); starts = offsets.subarray(0, cap); ends = offsets.subarray(cap); }
  const fold = FOLD;
  let out = codes, hashes = wHash, spans = wRaw;
  let n = 0, words = 0;
  let lineStart = 0; // no space is emitted before the first word of a line
  let inWord = false; // the last emitted unit belongs to an open word
  let pendingSpace = false;
  let h = FNV_OFFSET;
  let wordEnd = 0; // raw end of the open word's last unit
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i);
    let f = fold[c];
    if (f > SPACE) { // a word code unit (every folded letter or digit is above SPACE): the common case
      if (pendingSpace) {
        pendingSpace = false;
        if (inWord) { hashes[words] = fmix32(h); spans[2 * words + 1] = wordEnd; words++; inWord = false; }
        if (n > lineStart) { if (unitMap) { starts![n] = i; ends![n] = i; } out[n++] = SPACE; }
      }
      if (!inWord) { inWord = true; h = FNV_OFFSET; spans[2 * words] = i; }
      let j = i; // the rest of the word in a tight loop, deleted marks (diacritics) skipped
      for (;;) {
        h = Math.imul(h ^ f, FNV_PRIME);
        if (unitMap) { starts![n] = j; ends![n] = j + 1; }
        out[n++] = f;
        wordEnd = ++j;
        while (j < to && (f = fold[raw.charCodeAt(j)]) === DELETE) j++;
        if (j >= to || f <= SPACE) break;
      }
      i = j - 1; // the loop's i++ lands on the unit that ended the word
      continue;
    }
    if (f === SPACE) {
      if (cutLines && isBreak(c)) {
        if (inWord) { hashes[words] = fmix32(h); spans[2 * words + 1] = wordEnd; words++; inWord = false; }
        rawBreaks.push(i); lineEnds.push(n); lineWords.push(words); lineStart = n; pendingSpace = false;
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
      // Twice the room, but no more than the rest of the text can fill: a page of 1M ﷺ folds to 18M units.
      cap = Math.min(cap * 2 + 2 * exp.length, n + (to - i) * (LONGEST_EXPANSION + 1) + 64);
      growScratch(cap);
      out = codes; hashes = wHash; spans = wRaw;
      if (unitMap) { starts = grow(starts!, new Int32Array(cap)); ends = grow(ends!, new Int32Array(cap)); }
    }
    for (let k = 0; k < exp.length; k++) { // every part of an expansion maps to the one raw unit
      const part = exp.charCodeAt(k);
      if (part === SPACE) { pendingSpace = true; continue; }
      if (pendingSpace) {
        pendingSpace = false;
        if (inWord) { hashes[words] = fmix32(h); spans[2 * words + 1] = wordEnd; words++; inWord = false; }
        if (n > lineStart) { if (unitMap) { starts![n] = i; ends![n] = i; } out[n++] = SPACE; }
      }
      if (!inWord) { inWord = true; h = FNV_OFFSET; spans[2 * words] = i; }
      h = Math.imul(h ^ part, FNV_PRIME);
      wordEnd = i + 1;
      if (unitMap) { starts![n] = i; ends![n] = i + 1; }
      out[n++] = part;
    }
  }
  if (inWord) { hashes[words] = fmix32(h); spans[2 * words + 1] = wordEnd; words++; }
  const text = asText ? decode(out, 0, n) : "";
  const result = {
    text, codes: out, units: n, starts: starts?.subarray(0, n), ends: ends?.subarray(0, n),
    rawBreaks, lineEnds, lineWords, words, wordHash: hashes, wordRaw: spans,
  };
  if (codes.length > KEEP_UNITS) releaseScratch(); // this run's arrays stay valid for its caller
  return result;
}

/**
 * Scratch shared by every call (the results are copied out): code units, and per word its hash
 * and raw range. A page of n code units has at most n words (lines are not joined by a space).
 */
let codes: Uint16Array, wHash: Uint32Array, wRaw: Int32Array;
releaseScratch();

/**
 * Scratch past this many code units (3.5 MB in all) is let go after the run that needed it: a huge
 * page's would stay for the process's life, ~28 MB after a page of 1M units and ~500 MB after one
 * of 1M ﷺ (measured).
 */
const KEEP_UNITS = 1 << 18;
const LONGEST_EXPANSION = Math.max(1, ...[...EXPAND.values()].map((s) => s.length));

/** The scratch at its usual size. */
function releaseScratch(): void {
  codes = new Uint16Array(4096);
  wHash = new Uint32Array(4096);
  wRaw = new Int32Array(8192);
}

/**
 * Makes the scratch hold at least `cap` code units. It never shrinks: a longer page may have grown
 * it past what the run in hand asks for, and copying it into a smaller array would throw.
 */
function growScratch(cap: number): void {
  if (cap <= codes.length) return;
  codes = grow(codes, new Uint16Array(cap));
  wHash = grow(wHash, new Uint32Array(cap));
  wRaw = grow(wRaw, new Int32Array(2 * cap));
}

function grow<T extends Uint16Array | Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

const UTF16 = new TextDecoder("utf-16le");
const SMALL = 256;

/**
 * Short texts skip the decoder's call cost. They are built in one call, not a unit at a time: `+=`
 * makes a rope of 32-byte nodes past 12 units (a 60-unit title took ~1.5 KB, kept as long as the title).
 */
function decode(codes: Uint16Array, from: number, to: number): string {
  if (to - from > SMALL) return UTF16.decode(codes.subarray(from, to));
  return String.fromCharCode.apply(null, codes.subarray(from, to) as unknown as number[]);
}
