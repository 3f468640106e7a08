import type { Analysis } from "../core/analyze.js";
import { anchorsOf } from "../core/anchors.js";
import type { Engine } from "../core/engine.js";
import { matchAnalysis, toStored, type MatchResult } from "../core/match.js";
import type { PageInput } from "../core/page.js";
import { revisionOf, type ArticleLink, type UpsertOutcome } from "../core/stored-article.js";
import { summarize, type Clock, type IndexStore, type StoredLink } from "../ports.js";
import { findCluster, type ClusterView } from "./cluster-view.js";
import { describeAnalysis, describeLinks, type AnalysisView } from "./views.js";

export interface CheckResult extends AnalysisView {
  relations: ReturnType<typeof describeLinks>;
  embeds: ReturnType<typeof describeLinks>;
}

export interface IngestResult extends CheckResult {
  outcome: UpsertOutcome | "too_short";
}

/** The application: analyze against the index, ingest, read, delete. All I/O goes through the ports. */
export class ArticleService {
  constructor(private readonly engine: Engine, private readonly store: IndexStore, private readonly clock: Clock) {}

  /** Analyzes without storing anything (the template memory is not taught either). */
  async check(page: PageInput): Promise<CheckResult> {
    const a = this.engine.analyze(page);
    const m = await this.match(a);
    return { ...describeAnalysis(a), relations: describeLinks(m.relations), embeds: describeLinks(m.embeds) };
  }

  async ingest(page: PageInput): Promise<IngestResult> {
    const a = this.engine.analyze(page, { learn: true });
    const m = await this.match(a);
    const view = { ...describeAnalysis(a), relations: describeLinks(m.relations), embeds: describeLinks(m.embeds) };
    if (!a.body.matchable) {
      const removed = await this.store.remove(page.id); // a page whose body shrank to nothing leaves the index
      return { ...view, outcome: removed ? "replaced" : "too_short" };
    }
    const links: StoredLink[] = m.relations.map((l: ArticleLink) => summarize(l.id, l.relation));
    const outcome = await this.store.upsert(toStored(a, this.clock.now(), revisionOf(page)), links);
    return { ...view, outcome };
  }

  async get(id: string): Promise<{ id: string; meta: object; contentHash: string; rev: number; relations: StoredLink[]; cluster: ClusterView } | undefined> {
    const article = await this.store.get(id);
    if (!article) return undefined;
    const relations = await this.store.links(id);
    return { id, meta: article.meta, contentHash: article.contentHash, rev: article.rev, relations, cluster: await findCluster(this.store, id) };
  }

  cluster(id: string): Promise<ClusterView | undefined> {
    return this.store.get(id).then((a) => (a ? findCluster(this.store, id) : undefined));
  }

  remove(id: string): Promise<boolean> {
    return this.store.remove(id);
  }

  private async match(a: Analysis): Promise<MatchResult> {
    const { options } = this.engine;
    const body = a.body.matchable ? await this.candidates(a.body, a.page.id) : [];
    const embedded = a.embedded?.matchable ? await this.candidates(a.embedded, a.page.id) : [];
    return matchAnalysis(a, body, embedded, options.thresholds, options.spec.minShingles);
  }

  private async candidates(sketch: Analysis["body"], exclude: string) {
    const ids = await this.store.findCandidates({ signature: sketch.signature, contentHash: sketch.contentHash, anchors: anchorsOf(sketch.fingerprints), exclude });
    return ids.length ? this.store.getMany(ids) : [];
  }
}

