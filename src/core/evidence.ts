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
  /** Share of a's shingles inside passages. */
  coverA: number;
  /** Share of b's fingerprints inside passages. */
  coverB: number;
  matchedShingles: number;
}

/** Largest gap (in shingles on a's side, fingerprints on b's) still bridged inside one passage. */
const MAX_GAP = 12;
/** A passage needs this many anchors, so one shared common phrase is not evidence. */
const MIN_ANCHORS = 2;

interface Open { i0: number; i1: number; j0: number; j1: number; anchors: number }

/** Aligns a's full shingles against b's fingerprints into ordered passages. */
export function alignPassages(a: Fingerprints, b: Fingerprints): Alignment {
  const where = new Map<number, number[]>();
  for (let j = 0; j < b.hashes.length; j++) {
    const list = where.get(b.hashes[j]);
    if (list) list.push(j); else where.set(b.hashes[j], [j]);
  }
  const open: Open[] = [];
  const closed: Open[] = [];
  for (let i = 0; i < a.hashes.length; i++) {
    const js = where.get(a.hashes[i]);
    if (!js) continue;
    for (const j of js) extend(open, closed, i, j);
  }
  const runs = closed.concat(open).filter((r) => r.anchors >= MIN_ANCHORS || r.i1 - r.i0 >= 8);
  runs.sort((x, y) => x.i0 - y.i0);
  return summarize(runs, a, b);
}

function extend(open: Open[], closed: Open[], i: number, j: number): void {
  for (let k = open.length - 1; k >= 0; k--) {
    const r = open[k];
    if (i - r.i1 > MAX_GAP) { closed.push(r); open.splice(k, 1); continue; }
    if (j > r.j1 && j - r.j1 <= MAX_GAP && i > r.i1) { r.i1 = i; r.j1 = j; r.anchors++; return; }
    if (i === r.i1 && j === r.j1) return;
  }
  open.push({ i0: i, i1: i, j0: j, j1: j, anchors: 1 });
}

function summarize(runs: Open[], a: Fingerprints, b: Fingerprints): Alignment {
  const coveredA = new Uint8Array(a.hashes.length);
  const coveredB = new Uint8Array(b.hashes.length);
  const passages: Passage[] = [];
  for (const r of runs) {
    coveredA.fill(1, r.i0, r.i1 + 1);
    coveredB.fill(1, r.j0, r.j1 + 1);
    passages.push({ a: [a.starts[r.i0], a.ends[r.i1]], b: [b.starts[r.j0], b.ends[r.j1]], shingles: r.i1 - r.i0 + 1 });
  }
  const matchedShingles = sum(coveredA);
  return {
    passages,
    coverA: a.hashes.length ? matchedShingles / a.hashes.length : 0,
    coverB: b.hashes.length ? sum(coveredB) / b.hashes.length : 0,
    matchedShingles,
  };
}

function sum(xs: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < xs.length; i++) n += xs[i];
  return n;
}
