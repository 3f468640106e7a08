import type { Fingerprints } from "./fingerprints.js";
import { bytesFor, HashPositions } from "./hash-positions.js";
import { sortSmall } from "./sort-small.js";

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
/**
 * With a's every shingle against b's fingerprints (evidence), b's position moves about 2/7 as fast as
 * a's along a shared passage. A step that moves b more than this many positions beyond a's own
 * move reached another occurrence of a phrase the texts repeat (winnowing keeps a shingle at one
 * occurrence and not at another), or crossed more than ~14 words that only b has: it starts a
 * passage of its own rather than carry this one's a-side past text b's side does not hold.
 * Alignments of fingerprints on both sides (relations.ts) take no such bound (Infinity).
 */
export const MAX_SKEW = 4;

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
export function alignPassages(a: Fingerprints, b: Fingerprints, gap = MAX_GAP, skew = MAX_SKEW): Alignment {
  return summarize(alignRunsOnce(a.hashes, b.hashes, gap, skew), a, b);
}

/**
 * The runs of one alignment, for a text aligned once: b's positions go into a scratch table and
 * a's every hash probes it, which costs less than building a's table for one use. The steps are
 * those of alignRuns, in the same order.
 */
function alignRunsOnce(aHashes: Uint32Array, bHashes: Uint32Array, gap: number, skew: number): Open[] {
  const b = scratchPositions(bHashes);
  const { heads, next, own } = b;
  const open: Open[] = [];
  const closed: Open[] = [];
  for (let i = 0; i < aHashes.length; i++) {
    const h = aHashes[i];
    const s = b.slotFor(h);
    if (heads[s] === -1) continue;
    if (own[s] > MAX_OCCURRENCES) continueRuns(open, closed, i, h, bHashes, gap, skew);
    else for (let j = heads[s]; j !== -1; j = next[j]) extend(open, closed, i, j, gap, skew);
  }
  if (scratch.byteLength > LARGE_SCRATCH_BYTES) scratch = new ArrayBuffer(bytesFor(512));
  return runsOf(open, closed);
}

/**
 * Runs with enough anchors (or long enough), ordered by their start in a, without those that lie
 * inside other runs on both sides: a phrase a text repeats pairs each of its occurrences with the
 * other's, and those crosswise pairings add no shared text to what the copy's own run shows.
 */
function runsOf(open: Open[], closed: Open[]): Open[] {
  const runs = closed.concat(open).filter((r) => r.anchors >= MIN_ANCHORS || r.i1 - r.i0 >= 8);
  if (runs.length < 2) return runs;
  sortSmall(runs, byI0);
  const insideA = inside(runs, (r) => r.i0, (r) => r.i1), insideB = inside(runs, (r) => r.j0, (r) => r.j1);
  return runs.filter((r) => !(insideA.has(r) && insideB.has(r)));
}

/** The runs whose range (from..to) lies within another run's. */
function inside(runs: Open[], from: (r: Open) => number, to: (r: Open) => number): Set<Open> {
  const order = sortSmall([...runs], (x, y) => from(x) - from(y) || to(y) - to(x));
  const out = new Set<Open>();
  let end = -1;
  for (const r of order) {
    if (to(r) <= end) out.add(r);
    else end = to(r);
  }
  return out;
}

/** The positions of a text aligned once, in a scratch buffer every such alignment reuses. */
let scratch = new ArrayBuffer(bytesFor(512));
function scratchPositions(hashes: Uint32Array): HashPositions {
  if (scratch.byteLength < bytesFor(hashes.length)) scratch = new ArrayBuffer(bytesFor(2 * hashes.length));
  return new HashPositions(hashes, scratch);
}

/** Scratch shared by every alignment: b's slot in a's table per position, and the (i, j) steps in b's order and in a's. */
let bSlot = new Int32Array(256);
let stepI = new Int32Array(1024), stepJ = new Int32Array(1024), sortedI = new Int32Array(1024), sortedJ = new Int32Array(1024);
let perI = new Int32Array(1024);

/**
 * The runs of a passage alignment, as positions in a's and b's hashes, ordered by their start in a.
 * A run grows step by step: each (i, j) with a[i] = b[j], taken in a's order (j ascending for one
 * i), extends the open run it continues most closely within `gap` (see extend) or opens one. A hash b holds more than
 * MAX_OCCURRENCES times takes one step at each of its positions in a (j = -1), which only
 * continues open runs.
 */
function alignRuns(a: HashPositions, bHashes: Uint32Array, gap: number, skew: number): Open[] {
  const { heads, next, held } = a;
  const nb = bHashes.length;
  if (bSlot.length < nb) bSlot = new Int32Array(2 * nb);
  for (let j = 0; j < nb; j++) {
    const s = a.slotFor(bHashes[j]);
    bSlot[j] = heads[s] === -1 ? -1 : s;
    if (heads[s] !== -1) held[s]++;
  }
  let n = 0;
  for (let j = 0; j < nb; j++) {
    const s = bSlot[j];
    if (s < 0 || held[s] < 0) continue;
    const frequent = held[s] > MAX_OCCURRENCES;
    for (let i = heads[s]; i !== -1; i = next[i]) {
      if (n === stepI.length) growSteps();
      stepI[n] = i; stepJ[n++] = frequent ? -1 : j;
    }
    if (frequent) held[s] = -1; // its steps are taken, once
  }
  for (let j = 0; j < nb; j++) if (bSlot[j] >= 0) held[bSlot[j]] = 0;
  const [is, js] = inOrderOfA(n, a.hashes.length);
  const open: Open[] = [];
  const closed: Open[] = [];
  for (let k = 0; k < n; k++) {
    if (js[k] < 0) continueRuns(open, closed, is[k], a.hashes[is[k]], bHashes, gap, skew);
    else extend(open, closed, is[k], js[k], gap, skew);
  }
  if (stepI.length > LARGE_SCRATCH || bSlot.length > LARGE_SCRATCH || perI.length > LARGE_SCRATCH) releaseScratch();
  return runsOf(open, closed);
}

/** Scratch grown past this many entries (a huge or repetitive page) is let go after its use, not kept for every later alignment. */
const LARGE_SCRATCH = 1 << 16;
const LARGE_SCRATCH_BYTES = bytesFor(LARGE_SCRATCH);

function releaseScratch(): void {
  bSlot = new Int32Array(256);
  stepI = new Int32Array(1024); stepJ = new Int32Array(1024); sortedI = new Int32Array(1024); sortedJ = new Int32Array(1024);
  perI = new Int32Array(1024);
}

function growSteps(): void {
  const grow = (x: Int32Array) => { const y = new Int32Array(2 * x.length); y.set(x); return y; };
  stepI = grow(stepI); stepJ = grow(stepJ);
}

/**
 * The n steps ordered by i, stably (a counting sort over a's positions). The steps of a copy mostly
 * come in a's order already, and are then taken as they are.
 */
function inOrderOfA(n: number, na: number): [Int32Array, Int32Array] {
  let sorted = true;
  for (let k = 1; k < n && sorted; k++) if (stepI[k] < stepI[k - 1]) sorted = false;
  if (sorted) return [stepI, stepJ];
  if (perI.length < na + 1) perI = new Int32Array(2 * na + 1);
  if (sortedI.length < n) { sortedI = new Int32Array(stepI.length); sortedJ = new Int32Array(stepI.length); }
  perI.fill(0, 0, na + 1);
  for (let k = 0; k < n; k++) perI[stepI[k] + 1]++;
  for (let i = 1; i <= na; i++) perI[i] += perI[i - 1];
  for (let k = 0; k < n; k++) { const at = perI[stepI[k]]++; sortedI[at] = stepI[k]; sortedJ[at] = stepJ[k]; }
  return [sortedI, sortedJ];
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
  private positions?: HashPositions;
  /** Alignments made (not read from `kept`). */
  private fresh = 0;
  constructor(readonly a: Fingerprints, readonly gap = MAX_GAP, readonly skew = MAX_SKEW) {}

  align(b: Fingerprints, key: string): Alignment {
    const k = this.kept.get(key);
    if (k && sameHashes(k.hashes, b.hashes)) return summarize(k.runs, this.a, b);
    // The first alignment probes the other text's table; from the second on, this text's own table pays (HashPositions).
    if (this.fresh++ > 0) this.positions ??= new HashPositions(this.a.hashes);
    const runs = this.positions ? alignRuns(this.positions, b.hashes, this.gap, this.skew) : alignRunsOnce(this.a.hashes, b.hashes, this.gap, this.skew);
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

/** A frequent hash at a's position i: each open run takes its nearest occurrence within reach in b, if any. */
function continueRuns(open: Open[], closed: Open[], i: number, h: number, bHashes: Uint32Array, gap: number, skew: number): void {
  for (let k = open.length - 1; k >= 0; k--) {
    const r = open[k];
    if (i - r.i1 > gap) { closed.push(r); open.splice(k, 1); continue; }
    if (i <= r.i1) continue;
    const last = Math.min(bHashes.length - 1, r.j1 + gap, r.j1 + (i - r.i1) + skew);
    for (let j = r.j1 + 1; j <= last; j++) {
      if (bHashes[j] === h) { r.i1 = i; r.j1 = j; r.anchors++; break; }
    }
  }
}

/**
 * Step (i, j) extends, of the open runs it continues within the gap and the skew, the one it continues most
 * closely (the fewest positions skipped on both sides; the latest opened on a tie), else opens a
 * run. Taking the latest opened that fits let a run opened on another occurrence of a repeated
 * phrase take the copy's steps from its own run: passages whose two sides held different text.
 */
function extend(open: Open[], closed: Open[], i: number, j: number, gap: number, skew: number): void {
  let best: Open | undefined;
  for (let k = open.length - 1; k >= 0; k--) {
    const r = open[k];
    if (i - r.i1 > gap) { closed.push(r); open.splice(k, 1); continue; }
    if (i === r.i1 && j === r.j1) return;
    if (j > r.j1 && j - r.j1 <= gap && j - r.j1 <= i - r.i1 + skew && i > r.i1 && (!best || i - r.i1 + j - r.j1 < i - best.i1 + j - best.j1)) {
      best = r;
      if (i - r.i1 + j - r.j1 === 2) break; // the next position on both sides: none continues it more closely
    }
  }
  if (best) { best.i1 = i; best.j1 = j; best.anchors++; return; }
  open.push({ i0: i, i1: i, j0: j, j1: j, anchors: 1 });
}

/** Passages in raw offsets, and the positions they cover on each side (runs overlap on b's side: covered positions count once). */
function summarize(runs: Open[], a: Fingerprints, b: Fingerprints): Alignment {
  const passages: Passage[] = [];
  for (const r of runs) passages.push({ a: [a.starts[r.i0], a.ends[r.i1]], b: [b.starts[r.j0], b.ends[r.j1]], shingles: r.i1 - r.i0 + 1 });
  const matchedA = covered(runs, (r) => r.i0, (r) => r.i1);
  const matchedB = covered(runs.length < 2 ? runs : sortSmall([...runs], byJ0), (r) => r.j0, (r) => r.j1);
  return {
    passages,
    coverA: a.hashes.length ? matchedA / a.hashes.length : 0,
    coverB: b.hashes.length ? matchedB / b.hashes.length : 0,
    matchedA,
    matchedB,
  };
}

const byI0 = (x: Open, y: Open) => x.i0 - y.i0;
const byJ0 = (x: Open, y: Open) => x.j0 - y.j0;

/** Positions inside the union of inclusive ranges [from, to], the ranges ordered by `from`. */
function covered(runs: Open[], from: (r: Open) => number, to: (r: Open) => number): number {
  let n = 0, end = -1; // the furthest position counted so far
  for (const r of runs) {
    const s = Math.max(from(r), end + 1), e = to(r);
    if (e >= s) { n += e - s + 1; end = e; }
  }
  return n;
}
