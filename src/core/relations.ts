import { ok, type Result } from "./errors.js";
import { AlignmentMemo, FINGERPRINT_GAP, type Alignment, type Passage } from "./evidence.js";
import { DEFAULT_WINNOW_WINDOW, type Fingerprints } from "./fingerprints.js";
import { estimateJaccard, type Signature } from "./signature.js";

export type RelationKind = "duplicate" | "near_duplicate" | "partial";

export interface Relation {
  kind: RelationKind;
  /** Estimated Jaccard of the two bodies' shingle sets (1 for a duplicate). */
  similarity: number;
  /** [share of a inside b, share of b inside a]: each side's fingerprints inside the shared passages. */
  containment: [number, number];
  evidence: Passage[];
  /**
   * The raw range of the checked text from its first to its last shared passage (the whole body for
   * a duplicate): which part of the page the relation is about, for ordering a capped listing
   * (match.ts, listingOrder). Not part of any result.
   */
  part: [number, number];
}

/** What the index keeps of an article body: enough to relate a new article to it. */
export interface IndexedSketch {
  contentHash: string;
  signature: Signature;
  fingerprints: Fingerprints;
}

/** The side being checked keeps every shingle. */
export interface CheckedSketch extends IndexedSketch {
  shingles: Fingerprints;
  matchable: boolean;
}

export interface RelationThresholds {
  /** Estimated Jaccard at or above which two bodies are near duplicates whatever the passages say. */
  nearJaccard: number;
  /** Both sides at least this much inside each other: an edited copy (a lead-only cut covers only one side). */
  nearContainment: number;
  /** One side this much inside the other makes a partial copy (lead-only cut, wire story inside a longer piece). */
  partialContainment: number;
  /** A partial copy must share at least this many shingles (about a paragraph), so a shared quote is not one; counted in fingerprints on both sides (the fewer), times the shingles each stands for. */
  minSharedShingles: number;
  /**
   * Shared passages this long (counted as minSharedShingles is: 50 shingles, about 50 words) make a
   * partial copy though they are less than half of either body, when they are at least
   * `reuseContainment` of one: three paragraphs of a long wire story reused inside another piece.
   */
  reuseShingles: number;
  reuseContainment: number;
}

export const DEFAULT_THRESHOLDS: RelationThresholds = { nearJaccard: 0.8, nearContainment: 0.75, partialContainment: 0.5, minSharedShingles: 20, reuseShingles: 50, reuseContainment: 0.2 };

/** Shingles per fingerprint: winnowing keeps about 2/(window+1) of them. */
const SHINGLES_PER_FINGERPRINT = (DEFAULT_WINNOW_WINDOW + 1) / 2;

/**
 * Relates a checked body to an indexed one; undefined when they are not copies.
 * The relation does not depend on which of the two was indexed first: it is decided on what both
 * sides keep, their fingerprints (the indexed side has no other), aligned the same way from either
 * side. Classified on the checked side's every shingle against the other's fingerprints instead,
 * 41 of 1,358 pairs of the eval benchmark came out differently (found or not, or another kind)
 * when the pages arrived in reverse order (`npm run eval`, "arrival order"). Evidence passages,
 * computed only for a relation, keep the checked side's every shingle: exact on that side.
 */
export function relateBodies(a: CheckedSketch, b: IndexedSketch, t: RelationThresholds = DEFAULT_THRESHOLDS, minShingles = 1, withEvidence = true, aligner = new SketchAligner(a)): Result<Relation | undefined> {
  const j = estimateJaccard(a.signature, b.signature, minShingles);
  if (!j.ok) return j;
  if (!a.matchable || b.signature.shingleCount < minShingles) return ok(undefined);
  const duplicate = a.contentHash === b.contentHash;
  let containment: [number, number] = [1, 1], kind: RelationKind | undefined = "duplicate";
  let part: [number, number];
  if (duplicate) part = spanOf(a.fingerprints);
  else {
    const shared = aligner.shared(b);
    containment = [round(shared.coverA), round(shared.coverB)];
    kind = classify(j.value, containment, Math.min(shared.matchedA, shared.matchedB) * SHINGLES_PER_FINGERPRINT, t);
    if (!kind) return ok(undefined);
    part = partOf(shared.passages);
  }
  const evidence = withEvidence ? aligner.evidence(b) : [];
  return ok({ kind, similarity: duplicate ? 1 : round(j.value), containment, evidence, part });
}

/**
 * Relates one checked sketch to many indexed ones (the candidates of a check, or of a page in a
 * scan), aligning it once per distinct indexed body (see AlignmentMemo), so candidates that are
 * copies of one another cost one alignment.
 */
export class SketchAligner {
  private sharedMemo?: AlignmentMemo;
  private evidenceMemo?: AlignmentMemo;
  constructor(readonly sketch: CheckedSketch) {}

  /** The two bodies' fingerprints aligned, which classifies a relation. */
  shared(b: IndexedSketch): Alignment {
    this.sharedMemo ??= new AlignmentMemo(this.sketch.fingerprints, FINGERPRINT_GAP, Infinity);
    return this.sharedMemo.align(b.fingerprints, b.contentHash);
  }

  /** The passages the two bodies share: offsets in both raw texts (the costlier half of relating them). */
  evidence(b: IndexedSketch): Passage[] {
    this.evidenceMemo ??= new AlignmentMemo(this.sketch.shingles);
    return this.evidenceMemo.align(b.fingerprints, b.contentHash).passages;
  }
}

/** A body's fingerprints, in text order: from the first start to the last end. */
const spanOf = ({ starts, ends }: Fingerprints): [number, number] => (starts.length > 0 ? [starts[0], ends[ends.length - 1]] : [0, 0]);

/** The checked side of passages (ordered by start): from the first start to the furthest end. */
function partOf(passages: Passage[]): [number, number] {
  if (passages.length === 0) return [0, 0];
  let end = 0;
  for (const p of passages) end = Math.max(end, p.a[1]);
  return [passages[0].a[0], end];
}

function classify(j: number, [ab, ba]: [number, number], shared: number, t: RelationThresholds): RelationKind | undefined {
  if (j >= t.nearJaccard || Math.min(ab, ba) >= t.nearContainment) return "near_duplicate";
  const inside = Math.max(ab, ba);
  if (inside >= t.partialContainment && shared >= t.minSharedShingles) return "partial";
  if (inside >= t.reuseContainment && shared >= t.reuseShingles) return "partial";
  return undefined;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
