import type { Analysis } from "../core/analyze.js";
import { fillEvidence, listingOrder, mostSimilarFirst, type MatchResult } from "../core/match.js";
import type { ArticleLink } from "../core/stored-article.js";

/** What the API says of one analyzed page: its blocks and headlines. */
export interface AnalysisView {
  id: string;
  contentHash: string;
  matchable: boolean;
  blocks: { kind: string; start: number; end: number }[];
  headlines: { role: string; text: string; start: number; end: number }[];
}

export function describeAnalysis(a: Analysis): AnalysisView {
  return {
    id: a.page.id,
    contentHash: a.body.contentHash,
    matchable: a.body.matchable,
    blocks: a.segmentation.blocks.map((b) => ({ kind: b.kind, start: b.start, end: b.end })),
    headlines: a.headlines.map((h) => ({ role: h.role, text: h.text, start: h.start, end: h.end })),
  };
}

/** Links as the API shows them: `evidence[].a` in the checked page, `.b` in the indexed article. */
export function describeLinks(links: ArticleLink[]) {
  return links.map((l) => ({
    id: l.id,
    relation: l.relation.kind,
    similarity: l.relation.similarity,
    containment: l.relation.containment,
    evidence: l.relation.evidence.map((p) => ({ a: p.a, b: p.b })),
  }));
}

export interface MatchView extends AnalysisView {
  /** MAX_LISTED relations at most, with evidence, each part of the page and kind found among them (see listingOrder), highest similarity first. */
  relations: ReturnType<typeof describeLinks>;
  /** Relations found beyond MAX_LISTED, not listed (0 unless the story has many copies indexed). */
  relationsNotListed: number;
  embeds: ReturnType<typeof describeLinks>;
  embedsNotListed: number;
}

/**
 * Relations (and embeds) a result lists at most; the parts of the page they are about, and within
 * a part the kinds found, take the places in turn (see listingOrder), and links go to the store in
 * that order too. A story with hundreds of copies indexed relates to every candidate its query
 * returns (up to 200 on Redis), each with tens of evidence passages: ~170 KB of JSON in one answer,
 * kept again in its job's result.
 */
export const MAX_LISTED = 50;

/**
 * What a result says of the matches: the first MAX_LISTED relations and embeds in listing order,
 * with evidence, highest similarity first. The service's matching leaves every relation's evidence
 * pending and computes it here for those listed.
 */
export function describeMatch(a: Analysis, m: MatchResult): MatchView {
  fillEvidence(a.body, m.relations, MAX_LISTED);
  if (a.embedded) fillEvidence(a.embedded, m.embeds, MAX_LISTED);
  const relations = listed(m.relations, (l) => l.relation.similarity), embeds = listed(m.embeds, (l) => l.relation.similarity);
  return {
    ...describeAnalysis(a),
    relations: describeLinks(relations.listed), relationsNotListed: relations.notListed,
    embeds: describeLinks(embeds.listed), embedsNotListed: embeds.notListed,
  };
}

/** Of links in listing order (found or stored), the first MAX_LISTED, highest similarity first, and how many are left out. */
export function listed<T extends { id: string }>(ordered: T[], similarityOf: (l: T) => number): { listed: T[]; notListed: number } {
  return { listed: ordered.slice(0, MAX_LISTED).sort(mostSimilarFirst(similarityOf)), notListed: Math.max(0, ordered.length - MAX_LISTED) };
}

/** Links in listing order (see listingOrder): the order a result lists them and the store is offered them. */
export const inListingOrder = (links: ArticleLink[]) => listingOrder(links, (l) => l.relation.kind, (l) => l.relation.similarity, (l) => l.relation.part);
