import type { Fingerprints } from "./fingerprints.js";

/** A shared passage: raw-text ranges in the article being checked (a) and in the indexed one (b). */
export interface Passage {
  a: [number, number];
  b: [number, number];
  /** Shingles of `a` the passage spans. */
  shingles: number;
}

export interface Alignment {
  passages: Passage[];
  /** Share of a's positions (shingles or fingerprints, as given) inside passages. */
  coverA: number;
  /** Share of b's fingerprints inside passages. */
  coverB: number;
  /** a's positions inside passages. */
  matchedA: number;
  /** b's positions inside passages. */
  matchedB: number;
}

/** Largest gap (in shingles on a's side, fingerprints on b's) still bridged inside one passage. */
const MAX_GAP = 12;
/**
 * The same gap when both sides are fingerprints: winnowing keeps about 2/(window+1) of the
 * shingles, so 12 shingles are about 3.4 fingerprints.
 */
export const FINGERPRINT_GAP = 4;
/** A passage needs this many anchors, so one shared common phrase is not evidence. */
const MIN_ANCHORS = 2;
/**
 * A hash found more often than this in b (a repeated line, a list of the same item) starts no
 * passage: it only continues open ones. Pairing every occurrence with every other made alignment
 * cubic on repetitive text (a page of 4,000 identical one-word lines took 30 s, measured); news
 * text repeats a shingle a few times at most.
 */
const MAX_OCCURRENCES = 8;

interface Open { i0: number; i1: number; j0: number; j1: number; anchors: number }

/**
 * Aligns a's hashes against b's fingerprints into ordered passages, bridging gaps of up to `gap`
 * positions. With a's full shingles the passages are evidence, exact on a's side; with
 * a's fingerprints (and FINGERPRINT_GAP) the alignment reads the same from either side, which is
 * what classifies a relation (relations.ts).
 */
export function alignPassages(a: Fingerprints, b: Fingerprints, gap = MAX_GAP): Alignment {
  return summarize(alignRuns(a.hashes, b.hashes, gap), a, b);
}

/** The runs of a passage alignment, as positions in a's and b's hashes, ordered by their start in a. */
function alignRuns(aHashes: Uint32Array, bHashes: Uint32Array, gap: number): Open[] {
  const mask = indexHashes(bHashes);
  const open: Open[] = [];
  const closed: Open[] = [];
  const keys = tKey, heads = tHead, next = tNext, counts = tCount;
  for (let i = 0; i < aHashes.length; i++) {
    const h = aHashes[i];
    let s = Math.imul(h, 0x9e3779b1) & mask;
    while (heads[s] !== -1 && keys[s] !== h) s = (s + 1) & mask;
    if (heads[s] === -1) continue;
    if (counts[s] > MAX_OCCURRENCES) continueRuns(open, closed, i, h, bHashes, gap);
    else for (let j = heads[s]; j !== -1; j = next[j]) extend(open, closed, i, j, gap);
  }
  const runs = closed.concat(open).filter((r) => r.anchors >= MIN_ANCHORS || r.i1 - r.i0 >= 8);
  return runs.sort((x, y) => x.i0 - y.i0);
}

/**
 * Alignments of one text (a) against others, kept by the other's normalized body: bodies with the
 * same content hash and the same fingerprint hashes align position for position alike, and only
 * their raw offsets differ, so each distinct body is aligned once. A story with many copies indexed
 * relates to as many candidates, and most of them are exact copies of a few texts (a wire story
 * reprinted as sent): 200 such candidates cost one alignment and 200 cheap readings of its runs.
 * A key seen with other hashes (a hash collision, another spec) is aligned afresh.
 */
export class AlignmentMemo {
  private readonly kept = new Map<string, { hashes: Uint32Array; runs: Open[] }>();
  constructor(readonly a: Fingerprints, readonly gap = MAX_GAP) {}

  align(b: Fingerprints, key: string): Alignment {
    const k = this.kept.get(key);
    if (k && sameHashes(k.hashes, b.hashes)) return summarize(k.runs, this.a, b);
    const runs = alignRuns(this.a.hashes, b.hashes, this.gap);
    if (!k && this.kept.size < MAX_KEPT) this.kept.set(key, { hashes: b.hashes, runs });
    return summarize(runs, this.a, b);
  }
}

/** Distinct bodies an AlignmentMemo keeps (a listing relates to a few hundred candidates). */
const MAX_KEPT = 1024;

function sameHashes(x: Uint32Array, y: Uint32Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Positions of each of b's hashes, in scratch arrays reused by every call: an open-addressing
 * table (tKey, tHead: first position) and per position the next one with the same hash (ascending).
 */
let tKey = new Uint32Array(512);
let tHead = new Int32Array(512);
let tCount = new Int32Array(512);
let tNext = new Int32Array(256);

function indexHashes(hashes: Uint32Array): number {
  let size = 16;
  while (size < 2 * hashes.length) size *= 2;
  if (tKey.length < size) { tKey = new Uint32Array(size); tHead = new Int32Array(size); tCount = new Int32Array(size); }
  if (tNext.length < hashes.length) tNext = new Int32Array(2 * hashes.length);
  const mask = size - 1;
  tHead.fill(-1, 0, size);
  for (let j = hashes.length - 1; j >= 0; j--) {
    const h = hashes[j];
    let s = Math.imul(h, 0x9e3779b1) & mask;
    while (tHead[s] !== -1 && tKey[s] !== h) s = (s + 1) & mask;
    if (tHead[s] === -1) { tKey[s] = h; tCount[s] = 0; }
    tNext[j] = tHead[s];
    tHead[s] = j;
    tCount[s]++;
  }
  return mask;
}

/** A frequent hash at a's position i: each open run takes its nearest occurrence within reach in b, if any. */
function continueRuns(open: Open[], closed: Open[], i: number, h: number, bHashes: Uint32Array, gap: number): void {
  for (let k = open.length - 1; k >= 0; k--) {
    const r = open[k];
    if (i - r.i1 > gap) { closed.push(r); open.splice(k, 1); continue; }
    if (i <= r.i1) continue;
    const last = Math.min(bHashes.length - 1, r.j1 + gap);
    for (let j = r.j1 + 1; j <= last; j++) {
      if (bHashes[j] === h) { r.i1 = i; r.j1 = j; r.anchors++; break; }
    }
  }
}

function extend(open: Open[], closed: Open[], i: number, j: number, gap: number): void {
  for (let k = open.length - 1; k >= 0; k--) {
    const r = open[k];
    if (i - r.i1 > gap) { closed.push(r); open.splice(k, 1); continue; }
    if (j > r.j1 && j - r.j1 <= gap && i > r.i1) { r.i1 = i; r.j1 = j; r.anchors++; return; }
    if (i === r.i1 && j === r.j1) return;
  }
  open.push({ i0: i, i1: i, j0: j, j1: j, anchors: 1 });
}

/** Passages in raw offsets, and the positions they cover on each side (runs overlap on b's side: covered positions count once). */
function summarize(runs: Open[], a: Fingerprints, b: Fingerprints): Alignment {
  const passages: Passage[] = [];
  for (const r of runs) passages.push({ a: [a.starts[r.i0], a.ends[r.i1]], b: [b.starts[r.j0], b.ends[r.j1]], shingles: r.i1 - r.i0 + 1 });
  const matchedA = covered(runs, (r) => r.i0, (r) => r.i1);
  const matchedB = covered([...runs].sort((x, y) => x.j0 - y.j0), (r) => r.j0, (r) => r.j1);
  return {
    passages,
    coverA: a.hashes.length ? matchedA / a.hashes.length : 0,
    coverB: b.hashes.length ? matchedB / b.hashes.length : 0,
    matchedA,
    matchedB,
  };
}

/** Positions inside the union of inclusive ranges [from, to], the ranges ordered by `from`. */
function covered(runs: Open[], from: (r: Open) => number, to: (r: Open) => number): number {
  let n = 0, end = -1; // the furthest position counted so far
  for (const r of runs) {
    const s = Math.max(from(r), end + 1), e = to(r);
    if (e >= s) { n += e - s + 1; end = e; }
  }
  return n;
}
