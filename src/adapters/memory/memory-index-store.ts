import { Corpus } from "../../core/corpus.js";
import type { LshParams } from "../../core/lsh-params.js";
import { anchorsOf } from "../../core/anchors.js";
import type { StoredArticle } from "../../core/stored-article.js";
import { TitleIndex, type TitleCandidate } from "../../core/title-index.js";
import { DELETION_MEMORY_MS, MAX_LINKS, reverse, type CandidateQuery, type Candidates, type TitleQuery, type IndexStore, type StoredLink, type UpsertOptions, type UpsertResult, type Withdrawal } from "../../ports.js";

const NO_SKETCH = new Uint8Array(0);

/**
 * The in-memory IndexStore: the core's typed-array Corpus, kept compact (each article as its stored
 * record, decoded when asked for), plus a link table. Single-threaded, so every call is atomic.
 */
export class MemoryIndexStore implements IndexStore {
  private readonly corpus: Corpus;
  private readonly titles = new TitleIndex();
  private readonly linkTable = new Map<string, Map<string, StoredLink>>();
  /** Writes so far (the mark), and the write that put each live article in. */
  private writes = 0;
  private readonly writtenAt = new Map<string, number>();
  /** Deletion time by id, oldest first; forgotten after DELETION_MEMORY_MS. */
  private readonly deletedAt = new Map<string, number>();
  /** Revision of the last withdrawal by id, with when it was received; forgotten as deletions are. */
  private readonly withdrawn = new Map<string, { rev: number; at: number }>();

  constructor(spec: string, numPerm: number, params: LshParams) {
    this.corpus = new Corpus(spec, numPerm, params, true);
  }

  async upsert(article: StoredArticle, links: StoredLink[], { since, receivedAt }: UpsertOptions = {}): Promise<UpsertResult> {
    if (this.voided(article.id, receivedAt)) return { outcome: "stale", newcomers: [] };
    const withdrawn = this.withdrawn.get(article.id);
    if (withdrawn && article.rev < withdrawn.rev && !this.corpus.has(article.id)) return { outcome: "stale", newcomers: [] };
    const outcome = this.corpus.upsert(article);
    if (outcome === "unchanged" || outcome === "stale") return { outcome, newcomers: [] };
    this.writtenAt.set(article.id, ++this.writes);
    this.titles.set(article.id, article.titleSketch ?? NO_SKETCH);
    this.dropLinks(article.id);
    this.link(article.id, links);
    return { outcome, newcomers: since !== undefined && since < this.writes - 1 ? this.writtenAfter(article, since) : [] };
  }

  async addLinks(id: string, links: StoredLink[]): Promise<void> {
    if (this.corpus.has(id)) this.link(id, links);
  }

  async remove(id: string, at?: number): Promise<boolean> {
    if (at !== undefined) this.noteDeletion(id, at);
    this.dropLinks(id);
    this.writtenAt.delete(id);
    this.titles.remove(id);
    return this.corpus.remove(id);
  }

  async withdraw(id: string, revision: number, { receivedAt }: Pick<UpsertOptions, "receivedAt"> = {}): Promise<Withdrawal> {
    if (this.voided(id, receivedAt)) return "stale";
    const stored = this.corpus.get(id);
    if (stored && stored.rev > revision) return "stale";
    this.noteWithdrawal(id, revision, receivedAt);
    if (!stored) return "absent";
    await this.remove(id);
    return "removed";
  }

  async get(id: string): Promise<StoredArticle | undefined> {
    return this.corpus.get(id);
  }

  async getMany(ids: string[]): Promise<StoredArticle[]> {
    return ids.map((id) => this.corpus.get(id)).filter((a): a is StoredArticle => a !== undefined);
  }

  async links(id: string): Promise<StoredLink[]> {
    return [...(this.linkTable.get(id)?.values() ?? [])];
  }

  async findCandidates(q: CandidateQuery): Promise<Candidates> {
    const articles = this.corpus.findCandidates(q.signature, q.contentHash, q.exclude, q.anchors, q.limit);
    return { ids: articles.map((a) => a.id), articles, mark: this.writes };
  }

  async findTitles(q: TitleQuery): Promise<TitleCandidate[][]> {
    return q.sketches.map((sketch) => this.titles.query(sketch, q.exclude, q.limit).flatMap((id) => {
      const title = this.corpus.metaOf(id)?.title;
      return title === undefined ? [] : [{ id, title }];
    }));
  }

  async size(): Promise<number> {
    return this.corpus.size;
  }

  async close(): Promise<void> {}

  /** A write of `id` received at `receivedAt` came before a deletion of it (see IndexStore). */
  private voided(id: string, receivedAt: number | undefined): boolean {
    const deleted = this.deletedAt.get(id);
    return receivedAt !== undefined && deleted !== undefined && deleted >= receivedAt;
  }

  private noteWithdrawal(id: string, rev: number, receivedAt: number | undefined): void {
    const prior = this.withdrawn.get(id);
    const at = Math.max(receivedAt ?? -Infinity, prior?.at ?? -Infinity);
    this.withdrawn.delete(id); // re-inserted last: the map stays in order of receipt, mostly
    this.withdrawn.set(id, { rev: Math.max(rev, prior?.rev ?? rev), at });
    if (Number.isFinite(at)) for (const [old, w] of this.withdrawn) { if (w.at >= at - DELETION_MEMORY_MS) break; this.withdrawn.delete(old); }
  }

  private noteDeletion(id: string, at: number): void {
    const prior = this.deletedAt.get(id);
    this.deletedAt.delete(id); // re-inserted last: the map stays in deletion order
    this.deletedAt.set(id, Math.max(at, prior ?? at));
    for (const [old, t] of this.deletedAt) { if (t >= at - DELETION_MEMORY_MS) break; this.deletedAt.delete(old); }
  }

  /** Candidates of a just-written article that were written after `since`. */
  private writtenAfter(a: StoredArticle, since: number): string[] {
    const found = this.corpus.findCandidateIds(a.signature, a.contentHash, a.id, anchorsOf(a.fingerprints), Infinity);
    return found.filter((id) => (this.writtenAt.get(id) ?? 0) > since);
  }

  /** Best first, both ways, at most MAX_LINKS an article (see IndexStore). */
  private link(id: string, links: StoredLink[]): void {
    const mine = this.linksOf(id);
    let best: StoredLink | undefined;
    for (const l of links) {
      if (l.id === id || !this.corpus.has(l.id)) continue;
      best ??= l;
      if (!mine.has(l.id) && (mine.size >= MAX_LINKS || (this.linkTable.get(l.id)?.size ?? 0) >= MAX_LINKS)) continue;
      mine.set(l.id, l);
      this.linksOf(l.id).set(id, reverse(id, l));
    }
    if (mine.size > 0) return;
    if (!best) { this.linkTable.delete(id); return; }
    mine.set(best.id, best); // never cut off from its copies' cluster, full as they may be
    this.linksOf(best.id).set(id, reverse(id, best));
  }

  private linksOf(id: string): Map<string, StoredLink> {
    let m = this.linkTable.get(id);
    if (!m) { m = new Map(); this.linkTable.set(id, m); }
    return m;
  }

  private dropLinks(id: string): void {
    for (const other of this.linkTable.get(id)?.keys() ?? []) this.linkTable.get(other)?.delete(id);
    this.linkTable.delete(id);
  }
}
