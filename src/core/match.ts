import type { Analysis, TextSketch } from "./analyze.js";
import { evidenceOf, relateBodies, type CheckedSketch, type RelationKind, type RelationThresholds } from "./relations.js";
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
  for (const c of candidates) {
    const r = relateBodies(sketch, c, t, minShingles, false);
    if (!r.ok) continue; // another spec: never comparable, never a match
    if (r.value) links.push({ id: c.id, relation: r.value, pending: c });
  }
  return fillEvidence(sketch, links.sort(mostSimilarFirst((l) => l.relation.similarity)), withEvidence);
}

/** A comparator of links of either shape (found or stored): highest similarity first, then id. */
export const mostSimilarFirst = <T extends { id: string }>(similarityOf: (l: T) => number) => (x: T, y: T) => similarityOf(y) - similarityOf(x) || x.id.localeCompare(y.id);

const TURN: Record<RelationKind, number> = { duplicate: 0, near_duplicate: 1, partial: 2 };

/**
 * Links in the order a capped listing takes them: the kinds found take places in turn (a duplicate,
 * a near duplicate, a partial relation, then again), each kind highest similarity first (then id).
 * Ranked by similarity alone, a page that copies a story with many copies indexed and also holds part
 * of another story would list the near copies first, and a listing of the first 50 would never show
 * the partial reuse. `kindOf` and `similarityOf` read a link of either shape (found or stored).
 */
export function listingOrder<T extends { id: string }>(links: T[], kindOf: (l: T) => RelationKind, similarityOf: (l: T) => number): T[] {
  const best = [...links].sort(mostSimilarFirst(similarityOf));
  const seen = [0, 0, 0];
  const placed = best.map((link) => { const turn = TURN[kindOf(link)]; return { link, place: seen[turn]++ * 3 + turn }; });
  return placed.sort((x, y) => x.place - y.place).map((p) => p.link);
}

/** Computes the evidence of those of the first `n` links whose evidence is pending. */
export function fillEvidence(sketch: CheckedSketch, links: ArticleLink[], n: number): ArticleLink[] {
  for (let i = 0; i < links.length && i < n; i++) {
    const l = links[i];
    if (l.pending) { l.relation.evidence = evidenceOf(sketch, l.pending); l.pending = undefined; }
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
