import type { Analysis } from "../core/analyze.js";
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
