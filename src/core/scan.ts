import type { Analysis } from "./analyze.js";
import { anchorsOf } from "./anchors.js";
import { clusterCopies, type ClusterMember, type CopyEdge } from "./clusters.js";
import { Corpus } from "./corpus.js";
import type { Engine } from "./engine.js";
import type { Passage } from "./evidence.js";
import { clusterHeadlines, type HeadlineRef } from "./headline-clusters.js";
import { matchAnalysis, toStored } from "./match.js";
import type { PageInput } from "./page.js";
import type { ArticleLink } from "./stored-article.js";
import { revisionOf } from "./stored-article.js";
import { specKey } from "./signature-spec.js";
import { Arena } from "./scratch.js";

/** The batch command's output records (JSON Lines); see the README for each field. */
export type ScanRecord =
  | { type: "blocks"; id: string; blocks: { kind: string; start: number; end: number }[] }
  | { type: "pair"; a: string; b: string; relation: string; similarity: number; containment: [number, number]; evidence: { a: [number, number]; b: [number, number] }[] }
  | { type: "embeds"; page: string; article: string; relation: string; similarity: number; containment: [number, number]; evidence: { a: [number, number]; b: [number, number] }[] }
  | { type: "cluster"; canonical: string; members: string[] }
  | { type: "headline_cluster"; headlines: { id: string; role: string; text: string; start: number; end: number }[] };

/**
 * Pages a scan reads ahead: it learns the templates of a chunk of this many pages (the lines that
 * recur across a source's pages) before labeling any of them; the service learns as pages come, with
 * no look-ahead. A page labeled before its source's template lines were seen may keep one of them in
 * its body, so a copy of it is related as near_duplicate rather than duplicate. A longer look-ahead
 * holds more pages analyzed but unlabeled: `tikrar scan` of 50,000 articles ran ~10% faster and
 * peaked 60–90 MB lower with 250 pages than with 2,000, labeled 11 pages' blocks differently, and
 * `npm run eval` found 2 of ANT's 354 same-article pairs `near_duplicate` instead of `duplicate`
 * (bench/RESULTS.md).
 */
export const DEFAULT_LOOKAHEAD = 2000;

/**
 * Scans pages in arrival order: each page is related to the pages before it, then indexed.
 * `a` in a pair is the earlier article, `b` the later one.
 */
export class BatchScanner {
  private readonly corpus: Corpus;
  private readonly members: ClusterMember[] = [];
  private readonly edges: CopyEdge[] = [];
  private readonly headlines: HeadlineRef[] = [];
  private seen = 0;
  /** The scan keeps every article's signature and fingerprints to its end: they share slabs. */
  private readonly keep = new Arena();

  constructor(private readonly engine: Engine) {
    this.corpus = new Corpus(specKey(engine.options.spec), engine.options.spec.numPerm, engine.lsh);
  }

  /** Scans pages as `tikrar scan` reads a file: in chunks of `lookahead` (addChunk); returns their records. */
  addPages(pages: PageInput[], lookahead = DEFAULT_LOOKAHEAD): ScanRecord[] {
    const out: ScanRecord[] = [];
    for (let i = 0; i < pages.length; i += lookahead) for (const r of this.addChunk(pages.slice(i, i + lookahead))) out.push(r);
    return out;
  }

  /** Learns templates from a chunk of pages, then scans each; returns the records for the chunk. */
  addChunk(pages: PageInput[]): ScanRecord[] {
    const lines = pages.map((p) => this.engine.learn(p));
    return pages.flatMap((p, i) => this.add(this.engine.analyze(p, { lines: lines[i], keep: this.keep })));
  }

  add(a: Analysis): ScanRecord[] {
    const { options } = this.engine;
    const id = a.page.id;
    const bodyCands = a.body.matchable ? this.corpus.findCandidates(a.body.signature, a.body.contentHash, id, anchorsOf(a.body.fingerprints)) : [];
    const embedCands = a.embedded?.matchable ? this.corpus.findCandidates(a.embedded.signature, a.embedded.contentHash, id, anchorsOf(a.embedded.fingerprints)) : [];
    const m = matchAnalysis(a, bodyCands, embedCands, options.thresholds, options.spec.minShingles);
    const out: ScanRecord[] = [{ type: "blocks", id, blocks: a.segmentation.blocks.map((b) => ({ kind: b.kind, start: b.start, end: b.end })) }];
    for (const l of m.relations) {
      out.push({ type: "pair", a: l.id, b: id, relation: l.relation.kind, ...flip(l) });
      this.edges.push({ a: l.id, b: id, kind: l.relation.kind, containment: l.relation.containment });
    }
    for (const l of m.embeds) out.push({ type: "embeds", page: id, article: l.id, relation: l.relation.kind, similarity: l.relation.similarity, containment: l.relation.containment, evidence: l.relation.evidence.map((p) => ({ a: p.a, b: p.b })) });
    if (a.body.matchable && !this.corpus.has(id)) this.members.push({ id, publishedAt: a.page.publishedAt, firstSeen: this.seen });
    this.seen++;
    if (a.body.matchable) this.corpus.upsert(toStored(a, this.seen, revisionOf(a.page)));
    for (const h of a.headlines) this.headlines.push({ articleId: id, headline: h });
    return out;
  }

  finish(): ScanRecord[] {
    const out: ScanRecord[] = clusterCopies(this.members, this.edges).map((c) => ({ type: "cluster", canonical: c.canonical, members: c.members }));
    for (const c of clusterHeadlines(this.headlines)) {
      const ids = new Set(c.members.map((m) => m.articleId + "\u0000" + m.headline.norm));
      if (ids.size < 2) continue;
      out.push({ type: "headline_cluster", headlines: c.members.map((m) => ({ id: m.articleId, role: m.headline.role, text: m.headline.text, start: m.headline.start, end: m.headline.end })) });
    }
    return out;
  }
}

/** Re-expresses a link found from the later article (`b`) as seen from the earlier one (`a`). */
function flip(l: ArticleLink): { similarity: number; containment: [number, number]; evidence: { a: [number, number]; b: [number, number] }[] } {
  const r = l.relation;
  return { similarity: r.similarity, containment: [r.containment[1], r.containment[0]], evidence: r.evidence.map((p: Passage) => ({ a: p.b, b: p.a })) };
}
