import { Corpus } from "../../core/corpus.js";
import type { LshParams } from "../../core/lsh-params.js";
import type { StoredArticle, UpsertOutcome } from "../../core/stored-article.js";
import { reverse, type CandidateQuery, type IndexStore, type StoredLink } from "../../ports.js";

/** The in-memory IndexStore: the core's typed-array Corpus plus a link table. Single-threaded, so every call is atomic. */
export class MemoryIndexStore implements IndexStore {
  private readonly corpus: Corpus;
  private readonly linkTable = new Map<string, Map<string, StoredLink>>();

  constructor(spec: string, numPerm: number, params: LshParams) {
    this.corpus = new Corpus(spec, numPerm, params);
  }

  async upsert(article: StoredArticle, links: StoredLink[]): Promise<UpsertOutcome> {
    const outcome = this.corpus.upsert(article);
    if (outcome === "unchanged" || outcome === "stale") return outcome;
    this.dropLinks(article.id);
    for (const l of links) {
      if (l.id === article.id || !this.corpus.get(l.id)) continue;
      this.linksOf(article.id).set(l.id, l);
      this.linksOf(l.id).set(article.id, reverse(article.id, l));
    }
    return outcome;
  }

  async remove(id: string): Promise<boolean> {
    this.dropLinks(id);
    return this.corpus.remove(id);
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

  async findCandidates(q: CandidateQuery): Promise<string[]> {
    return this.corpus.findCandidates(q.signature, q.contentHash, q.exclude, q.anchors, q.limit).map((a) => a.id);
  }

  async size(): Promise<number> {
    return this.corpus.size;
  }

  async close(): Promise<void> {}

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
