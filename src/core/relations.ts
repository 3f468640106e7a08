import { ok, type Result } from "./errors.js";
import { alignPassages, type Passage } from "./evidence.js";
import type { Fingerprints } from "./fingerprints.js";
import { estimateJaccard, type Signature } from "./signature.js";

export type RelationKind = "duplicate" | "near_duplicate" | "partial";

export interface Relation {
  kind: RelationKind;
  /** Estimated Jaccard of the two bodies' shingle sets (1 for a duplicate). */
  similarity: number;
  /** [share of a inside b, share of b inside a], from the aligned passages. */
  containment: [number, number];
  evidence: Passage[];
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
  /** A partial copy must share at least this many shingles (about a paragraph), so a shared quote is not one. */
  minSharedShingles: number;
}

export const DEFAULT_THRESHOLDS: RelationThresholds = { nearJaccard: 0.8, nearContainment: 0.75, partialContainment: 0.5, minSharedShingles: 20 };

/** Relates a checked body to an indexed one; undefined when they are not copies. */
export function relateBodies(a: CheckedSketch, b: IndexedSketch, t: RelationThresholds = DEFAULT_THRESHOLDS, minShingles = 1): Result<Relation | undefined> {
  const j = estimateJaccard(a.signature, b.signature, minShingles);
  if (!j.ok) return j;
  if (!a.matchable || b.signature.shingleCount < minShingles) return ok(undefined);
  const aligned = alignPassages(a.shingles, b.fingerprints);
  const containment: [number, number] = [round(aligned.coverA), round(aligned.coverB)];
  if (a.contentHash === b.contentHash) return ok({ kind: "duplicate", similarity: 1, containment: [1, 1], evidence: aligned.passages });
  const kind = classify(j.value, containment, aligned.matchedShingles, t);
  return ok(kind && { kind, similarity: round(j.value), containment, evidence: aligned.passages });
}

function classify(j: number, [ab, ba]: [number, number], shared: number, t: RelationThresholds): RelationKind | undefined {
  if (j >= t.nearJaccard || Math.min(ab, ba) >= t.nearContainment) return "near_duplicate";
  if (Math.max(ab, ba) >= t.partialContainment && shared >= t.minSharedShingles) return "partial";
  return undefined;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
