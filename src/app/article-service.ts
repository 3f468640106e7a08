import type { Analysis, TextSketch } from "../core/analyze.js";
import { Corpus } from "../core/corpus.js";
import { specKey } from "../core/signature-spec.js";
import type { StoredArticle } from "../core/stored-article.js";
import { anchorsOf } from "../core/anchors.js";
import type { Engine } from "../core/engine.js";
import { listingOrder, matchAnalysis, toStored, type MatchResult } from "../core/match.js";
import type { PageInput } from "../core/page.js";
import { revisionOf, type ArticleLink, type UpsertOutcome } from "../core/stored-article.js";
import { summarize, type Clock, type IndexStore, type StoredLink, type UpsertResult, type Withdrawal } from "../ports.js";
import { identityKey, prepare, speakerOf, type Prepared } from "../core/headline-clusters.js";
import { compareIds } from "../core/order.js";
import { confirmTitles, sketchOfPrepared, type TitleMatch } from "../core/title-index.js";
import { findCluster, type ClusterView } from "./cluster-view.js";
import { afterTick, letLoopRun } from "./let-loop-run.js";
import { describeMatch, inListingOrder, listed, type MatchView } from "./views.js";

export interface CheckResult extends MatchView, HeadlineLookup {}

/** The page's headlines that are the titles of indexed articles (see `headlineMatches`). */
interface HeadlineLookup {
  headlineMatches: TitleMatch[];
  /** Distinct headlines beyond MAX_HEADLINE_LOOKUPS, not looked up (0 on any real page). */
  headlinesNotLookedUp: number;
}

/**
 * Distinct headlines looked up for one page: its title, its read-also title, then its related items
 * in page order. A related list runs to tens of items; a page of 10,000 bullet lines would otherwise
 * hold Redis in one titles script for ~0.7 s, every other client waiting (bench/RESULTS.md).
 */
export const MAX_HEADLINE_LOOKUPS = 100;

export interface IngestResult extends MatchView {
  /**
   * What the write did: `created`, `replaced`, `unchanged` or `stale` as the store's upsert says, or
   * `too_short` for a version with no body to index, which takes the article out of the index
   * (`removed: true` when an earlier version was indexed). A too-short version older than the stored
   * one, or voided by a deletion, is `stale` and changes nothing, as any older version.
   */
  outcome: UpsertOutcome | "too_short";
  removed?: boolean;
}

/** The outcome of a too-short version's withdrawal. */
const withdrawn = (w: Withdrawal): Pick<IngestResult, "outcome" | "removed"> => (w === "stale" ? { outcome: "stale" } : w === "removed" ? { outcome: "too_short", removed: true } : { outcome: "too_short" });

/**
 * One article's ingestion, analyzed in full: what `/v1/check` says of it, and the write's outcome.
 * The headlines are looked up before the write, so the article is never its own match.
 */
export interface SingleIngestResult extends IngestResult, HeadlineLookup {}

/** Indexed candidates of a page's body and read-also block, and the store's mark at the body's query. */
interface StoredCandidates {
  body: StoredArticle[];
  embedded: StoredArticle[];
  mark: number | undefined;
}

/** Pages per slice of a batch (~20 ms of in-memory ingest on the benchmark machine). */
const SLICE = 128;

/** The application: analyze against the index, ingest, read, delete. All I/O goes through the ports. */
export class ArticleService {
  constructor(private readonly engine: Engine, private readonly store: IndexStore, private readonly clock: Clock) {}

  /**
   * Analyzes without storing anything (the template memory is not taught either). The candidate query
   * leaves alone, before the headlines are prepared and looked up: a store that sends a tick's
   * commands together (the Redis store) starts on it at once, and its reply is verified while the
   * store runs the headline query, instead of both replies coming back together (bench/RESULTS.md).
   */
  async check(page: PageInput): Promise<CheckResult> {
    const a = this.engine.analyze(page);
    const matching = this.match(a);
    matching.catch(() => undefined); // awaited below; not "unhandled" if it fails during the tick
    await afterTick();
    const [m, headlines] = await Promise.all([matching, this.headlineMatches(a)]);
    return { ...describeMatch(a, m), ...headlines };
  }

  /**
   * The page's headlines (its title, its related items, its read-also title) that are the title of
   * an indexed article other than the page itself: the same headline, retyped or lightly edited
   * (character-trigram Jaccard ≥ 0.6, no different speaker). A headline that recurs on the page is
   * looked up once; one too short to match anything is not looked up; past MAX_HEADLINE_LOOKUPS
   * distinct headlines, the rest are counted, not looked up.
   */
  private async headlineMatches(a: Analysis): Promise<HeadlineLookup> {
    const asked: Prepared[] = [], sketches: Uint8Array[] = [], positions: number[][] = [];
    const firstOf = new Map<string, number>(); // a headline's key -> its position in `asked`, -1 when not looked up
    let notLookedUp = 0;
    const isItem = (i: number) => Number(a.headlines[i].role === "related_item");
    for (const i of [...a.headlines.keys()].sort((x, y) => isItem(x) - isItem(y))) { // title, read-also title, then items; a stable sort keeps page order
      const h = a.headlines[i];
      const key = identityKey(speakerOf(h.text), h.norm);
      const seen = firstOf.get(key);
      if (seen !== undefined) { if (seen >= 0) positions[seen].push(i); continue; }
      if (asked.length === MAX_HEADLINE_LOOKUPS) { firstOf.set(key, -1); notLookedUp++; continue; }
      const p = prepare({ articleId: a.page.id, headline: h });
      const sketch = sketchOfPrepared(p);
      if (sketch.length === 0) { firstOf.set(key, -1); continue; }
      firstOf.set(key, asked.length);
      positions.push([i]);
      asked.push(p);
      sketches.push(sketch);
    }
    if (asked.length === 0) return { headlineMatches: [], headlinesNotLookedUp: notLookedUp };
    const found = await this.store.findTitles({ sketches, exclude: a.page.id });
    const confirmed = confirmTitles(asked, found);
    const headlineMatches = confirmed.flatMap((m) => positions[m.headline].map((headline) => ({ ...m, headline }))).sort((x, y) => x.headline - y.headline || y.similarity - x.similarity || compareIds(x.id, y.id));
    return { headlineMatches, headlinesNotLookedUp: notLookedUp };
  }

  /**
   * `receivedAt`: the article's first-seen time when it is new (by default now; a queue passes when
   * the job was queued). The headline lookup goes out with the candidate queries (one round trip);
   * a batch's pages are not looked up (see `ingestMany`), nor are the writes a log replay applies
   * again (`headlineMatches: false`: no matches, none counted as not looked up).
   */
  async ingest(page: PageInput, receivedAt?: number, { headlineMatches: lookUp = true }: { headlineMatches?: boolean } = {}): Promise<SingleIngestResult> {
    const a = this.engine.analyze(page, { learn: true });
    const [found, headlines] = await Promise.all([this.storedCandidates(a), lookUp ? this.headlineMatches(a) : { headlineMatches: [], headlinesNotLookedUp: 0 }]);
    const m = this.related(a, found.body, found.embedded);
    const at = receivedAt ?? this.clock.now();
    if (!a.body.matchable) { // a page whose body shrank to nothing leaves the index, unless it is an older version
      return { ...describeMatch(a, m), ...headlines, ...withdrawn(await this.store.withdraw(page.id, revisionOf(page), { receivedAt: at })) };
    }
    const links: StoredLink[] = m.relations.map((l: ArticleLink) => summarize(l.id, l.relation));
    const written = await this.store.upsert(toStored(a, at, revisionOf(page), true), links, { since: found.mark, receivedAt: at });
    m.relations = withLate(m.relations, await this.relateNewcomers(a, written, new Set()));
    if (written.outcome === "unchanged") await this.restoreLinks(page.id, links);
    return { ...describeMatch(a, m), ...headlines, outcome: written.outcome };
  }

  /**
   * Ingests pages in order as one unit of work, with the store's round trips shared: every page is
   * analyzed, the candidate queries of all pages go out together, pages of the batch are related to
   * the earlier pages of the same batch in memory, and the writes go out together in order. The
   * result equals ingesting the pages one by one, and copies inside one batch find each other, with
   * one difference: the batch's own index does not know which anchors the store already holds for
   * MAX_ANCHOR_POSTINGS articles, so it can find a partial copy inside the batch that one-by-one
   * ingestion misses (3 links more of 7,756 on 9,873 real articles in batches of 500). A batch's
   * results carry no headline matches: the lookup would cost the store as much as the article's
   * candidate query at 1M articles (bench/RESULTS.md), and a batch is not read by an editor page by page.
   * Pages go in slices, with the event loop let run between them: a batch of 10,000 pages would
   * otherwise hold the process for seconds, answering nothing.
   */
  async ingestMany(pages: PageInput[], receivedAt?: number): Promise<IngestResult[]> {
    if (pages.length === 1) return [await this.ingest(pages[0], receivedAt)];
    const { options } = this.engine;
    const batch = new Corpus(specKey(options.spec), options.spec.numPerm, this.engine.lsh);
    const written = new Set<string>(); // ids this batch has already written: their stored versions are stale
    const out: IngestResult[] = [];
    for (let from = 0; from < pages.length; from += SLICE) {
      if (from > 0) await letLoopRun();
      out.push(...await this.ingestSlice(pages.slice(from, from + SLICE), batch, written, receivedAt));
    }
    return out;
  }

  private async ingestSlice(pages: PageInput[], batch: Corpus, written: Set<string>, receivedAt: number | undefined): Promise<IngestResult[]> {
    const analyses = pages.map((p) => this.engine.analyze(p, { learn: true }));
    const fromStore = await Promise.all(analyses.map((a) => this.storedCandidates(a)));
    const writes: Promise<IngestResult>[] = [];
    analyses.forEach((a, i) => {
      const id = a.page.id;
      const local = (sk: TextSketch | undefined) => (sk?.matchable ? batch.findCandidates(sk.signature, sk.contentHash, id, anchorsOf(sk.fingerprints)) : []);
      const merge = (mine: StoredArticle[], stored: StoredArticle[]) => [...mine, ...stored.filter((s) => !written.has(s.id))];
      const m = this.related(a, merge(local(a.body), fromStore[i].body), merge(local(a.embedded), fromStore[i].embedded));
      const at = receivedAt ?? this.clock.now();
      if (!a.body.matchable) {
        const rev = revisionOf(a.page);
        if (!((batch.get(id)?.rev ?? -Infinity) > rev)) batch.remove(id); // a newer version written by this batch stays, as in the store
        written.add(id);
        writes.push(this.store.withdraw(id, rev, { receivedAt: at }).then((w) => ({ ...describeMatch(a, m), ...withdrawn(w) })));
        return;
      }
      const stored = toStored(a, at, revisionOf(a.page), true);
      batch.upsert(stored);
      written.add(id);
      // This batch's own pages were related in memory: only other writers' newcomers are new.
      const links = m.relations.map((l) => summarize(l.id, l.relation));
      writes.push(this.store.upsert(stored, links, { since: fromStore[i].mark, receivedAt: at }).then(async (w) => {
        m.relations = withLate(m.relations, await this.relateNewcomers(a, w, written));
        if (w.outcome === "unchanged") await this.restoreLinks(id, links);
        return { ...describeMatch(a, m), outcome: w.outcome };
      }));
    });
    return Promise.all(writes);
  }

  /** An indexed article with MAX_LISTED of its stored links at most (see MAX_LINKS), as a result lists them, and its cluster. */
  async get(id: string): Promise<{ id: string; meta: object; contentHash: string; rev: number; relations: StoredLink[]; relationsNotListed: number; cluster: ClusterView } | undefined> {
    const article = await this.store.get(id);
    if (!article) return undefined;
    const links = listed(listingOrder(await this.store.links(id), (l) => l.kind, (l) => l.similarity), (l) => l.similarity);
    return {
      id, meta: article.meta, contentHash: article.contentHash, rev: article.rev,
      relations: links.listed, relationsNotListed: links.notListed,
      cluster: await findCluster(this.store, id),
    };
  }

  cluster(id: string): Promise<ClusterView | undefined> {
    return this.store.get(id).then((a) => (a ? findCluster(this.store, id) : undefined));
  }

  /**
   * Deletes an article. With `at` (the request's time), writes of it received at or before then,
   * still queued or being retried, are refused as stale (see IndexStore.remove).
   */
  remove(id: string, at?: number): Promise<boolean> {
    return this.store.remove(id, at);
  }

  private async match(a: Analysis): Promise<MatchResult> {
    const found = await this.storedCandidates(a);
    return this.related(a, found.body, found.embedded);
  }

  /** Relations and embeds, in listing order, their evidence left pending (see describeMatch). */
  private related(a: Analysis, body: StoredArticle[], embedded: StoredArticle[]): MatchResult {
    const { options } = this.engine;
    const m = matchAnalysis(a, body, embedded, options.thresholds, options.spec.minShingles, 0);
    return { relations: inListingOrder(m.relations), embeds: inListingOrder(m.embeds) };
  }

  /**
   * Relations with the articles other writers stored between this article's query and its write
   * (the upsert's newcomers, minus `skip`), written as links: of two copies ingested at once, the
   * one written second finds the other here, so neither misses the pair.
   */
  private async relateNewcomers(a: Analysis, written: UpsertResult, skip: Set<string>): Promise<ArticleLink[]> {
    const ids = written.newcomers.filter((id) => !skip.has(id));
    if (ids.length === 0) return [];
    const late = this.related(a, await this.store.getMany(ids), []).relations;
    await this.store.addLinks(a.page.id, late.map((l) => summarize(l.id, l.relation)));
    return late;
  }

  /**
   * An unchanged article keeps its stored links, but a job retried after its write and before its
   * newcomers' links (a crash, a lost connection) must not lose those: the links found now that the
   * store lacks are added. Nothing is written when none is missing.
   */
  private async restoreLinks(id: string, found: StoredLink[]): Promise<void> {
    if (found.length === 0) return;
    const have = new Set((await this.store.links(id)).map((l) => l.id));
    const missing = found.filter((l) => !have.has(l.id));
    if (missing.length) await this.store.addLinks(id, missing);
  }

  /** Indexed candidates for the body and for the read-also block; both queries go out together. */
  private async storedCandidates(a: Analysis): Promise<StoredCandidates> {
    const none = { articles: [] as StoredArticle[], mark: undefined };
    const [body, embedded] = await Promise.all([
      a.body.matchable ? this.candidates(a.body, a.page.id) : none,
      a.embedded?.matchable ? this.candidates(a.embedded, a.page.id) : none,
    ]);
    return { body: body.articles, embedded: embedded.articles, mark: body.mark };
  }

  private candidates(sketch: Analysis["body"], exclude: string): Promise<{ articles: StoredArticle[]; mark: number }> {
    return this.store.findCandidates({ signature: sketch.signature, contentHash: sketch.contentHash, anchors: anchorsOf(sketch.fingerprints), exclude });
  }
}

/**
 * Relations found at the query plus those found with newcomers, in listing order. A newcomer can be
 * an article the query saw that another writer then replaced: its late relation (new content) wins.
 */
function withLate(found: ArticleLink[], late: ArticleLink[]): ArticleLink[] {
  if (late.length === 0) return found;
  const lateIds = new Set(late.map((l) => l.id));
  return inListingOrder([...found.filter((l) => !lateIds.has(l.id)), ...late]);
}

