import { compareIds } from "./order.js";
import type { Analysis, TextSketch } from "./analyze.js";
import { relateBodies, SketchAligner, type CheckedSketch, type RelationKind, type RelationThresholds } from "./relations.js";
import type { ArticleLink, StoredArticle } from "./stored-article.js";
import { prepare } from "./headline-clusters.js";
import { sketchOfPrepared } from "./title-index.js";

export interface MatchResult {
  /** Indexed articles whose body this article's body copies or is copied by. */
  relations: ArticleLink[];
  /** Indexed articles this page carries as its read-also block. */
  embeds: ArticleLink[];
}

/** Share of an indexed article that must be inside the read-also block for the page to embed it. */
const EMBED_CONTAINMENT = 0.5;

/**
 * Relates an analysis to candidate articles (from the index: exact hash, then LSH), best first. The
 * evidence of the first `withEvidence` relations is computed; the others' is left `pending`
 * (fillEvidence computes it): a story with hundreds of copies relates to every candidate, and a
 * caller that lists the best few need not align the rest.
 */
export function relateToCandidates(sketch: TextSketch, candidates: StoredArticle[], t: RelationThresholds, minShingles: number, withEvidence = Infinity): ArticleLink[] {
  const links: ArticleLink[] = [];
  const aligner = new SketchAligner(sketch);
  for (const c of candidates) {
    const r = relateBodies(sketch, c, t, minShingles, false, aligner);
    if (!r.ok) continue; // another spec: never comparable, never a match
    if (r.value) links.push({ id: c.id, relation: r.value, pending: c });
  }
  return fillEvidence(sketch, links.sort(mostSimilarFirst((l) => l.relation.similarity)), withEvidence, aligner);
}

/** A comparator of links of either shape (found or stored): highest similarity first, then id. */
export const mostSimilarFirst = <T extends { id: string }>(similarityOf: (l: T) => number) => (x: T, y: T) => similarityOf(y) - similarityOf(x) || compareIds(x.id, y.id);

const TURN: Record<RelationKind, number> = { duplicate: 0, near_duplicate: 1, partial: 2 };

/**
 * Links in the order a capped listing takes them. Links are grouped by the part of the checked page
 * they are about (`partOf`: two parts are one when they overlap by at least half of the longer), and
 * the groups take places in turn, the group of the most similar link first. Within a group the kinds
 * found take places in turn (a duplicate, a near duplicate, a partial relation, then again), each
 * kind highest similarity first (then id). Ranked by similarity alone, a page that copies a story
 * with many copies indexed and also holds part of another story (or a roundup holding two wire
 * stories, each copied many times) would list the copies of one story first, and a listing of the
 * first 50 would never show the other. `kindOf`, `similarityOf` and `partOf` read a link of either
 * shape; a stored link has no part (all are then one group).
 */
export function listingOrder<T extends { id: string }>(links: T[], kindOf: (l: T) => RelationKind, similarityOf: (l: T) => number, partOf: (l: T) => [number, number] | undefined = () => undefined): T[] {
  const best = [...links].sort(mostSimilarFirst(similarityOf));
  const parts: [number, number][] = [], seen: number[][] = [];
  const placed = best.map((link) => {
    const group = groupOf(parts, partOf(link));
    seen[group] ??= [0, 0, 0];
    const turn = TURN[kindOf(link)];
    return { link, group, place: seen[group][turn]++ * 3 + turn, rank: 0 };
  });
  // each group in its kinds' turns (places are distinct within a group), then the groups in turn
  placed.sort((x, y) => x.group - y.group || x.place - y.place);
  if (parts.length <= 1) return placed.map((p) => p.link); // one group: nothing to take turns with
  for (let i = 1; i < placed.length; i++) if (placed[i].group === placed[i - 1].group) placed[i].rank = placed[i - 1].rank + 1;
  return placed.sort((x, y) => x.rank - y.rank || x.group - y.group).map((p) => p.link);
}

/** The group of a part among those seen (their first parts in `parts`), a new one if none overlaps it by half of the longer; 0 without a part. */
function groupOf(parts: [number, number][], part: [number, number] | undefined): number {
  if (!part || part[1] <= part[0]) return 0;
  for (let g = 0; g < parts.length; g++) {
    const [s, e] = parts[g];
    const overlap = Math.min(e, part[1]) - Math.max(s, part[0]);
    if (overlap > 0 && 2 * overlap >= Math.max(e - s, part[1] - part[0])) return g;
  }
  parts.push(part);
  return parts.length - 1;
}

/** Computes the evidence of those of the first `n` links whose evidence is pending. */
export function fillEvidence(sketch: CheckedSketch, links: ArticleLink[], n: number, aligner = new SketchAligner(sketch)): ArticleLink[] {
  for (let i = 0; i < links.length && i < n; i++) {
    const l = links[i];
    if (l.pending) { l.relation.evidence = aligner.evidence(l.pending); l.pending = undefined; }
  }
  return links;
}

/** Relations and embeds of an analysis, best first, the first `withEvidence` of each with evidence. */
export function matchAnalysis(
  a: Analysis,
  bodyCandidates: StoredArticle[],
  embedCandidates: StoredArticle[],
  t: RelationThresholds,
  minShingles: number,
  withEvidence = Infinity,
): MatchResult {
  const relations = a.body.matchable ? relateToCandidates(a.body, bodyCandidates, t, minShingles, withEvidence) : [];
  const embeds = a.embedded?.matchable
    ? relateToCandidates(a.embedded, embedCandidates, t, minShingles, withEvidence).filter((l) => l.relation.kind !== "partial" || l.relation.containment[1] >= EMBED_CONTAINMENT)
    : [];
  const bodyIds = new Set(relations.map((r) => r.id));
  return { relations, embeds: embeds.filter((e) => !bodyIds.has(e.id)) };
}

/**
 * What an index keeps of an analyzed page. With `fileTitle`, the sketch of its title too (a few
 * µs), for an index that answers headline queries; the batch command's in-memory corpus does not.
 */
export function toStored(a: Analysis, firstSeen: number, rev: number, fileTitle = false): StoredArticle {
  const p = a.page;
  // The input's title when it has one (it comes first), else the title line found on the page.
  const title = a.headlines.find((h) => h.role === "title");
  const article: StoredArticle = {
    id: p.id,
    contentHash: a.body.contentHash,
    rev,
    signature: a.body.signature,
    fingerprints: a.body.fingerprints,
    meta: { title: p.title ?? title?.text, source: p.source, url: p.url, publishedAt: p.publishedAt, firstSeen },
  };
  if (fileTitle && title) {
    const sketch = sketchOfPrepared(prepare({ articleId: p.id, headline: title }));
    if (sketch.length > 0) article.titleSketch = sketch;
  }
  return article;
}
