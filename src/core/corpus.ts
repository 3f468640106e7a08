import { AnchorIndex } from "./anchor-index.js";
import { anchorsOf, MIN_SHARED_ANCHORS } from "./anchors.js";
import { LshIndex } from "./lsh-index.js";
import type { LshParams } from "./lsh-params.js";
import type { Signature } from "./signature.js";
import { decideUpsert, type StoredArticle, type UpsertOutcome } from "./stored-article.js";

/**
 * The in-memory index: articles by id, by content hash, and in MinHash LSH. Synchronous and pure;
 * the memory IndexStore adapter and the batch command both use it.
 */
export class Corpus {
  private readonly lsh: LshIndex;
  private readonly anchors = new AnchorIndex((slot) => anchorsOf(this.byId.get(this.bySlot[slot] ?? "")?.article.fingerprints ?? { hashes: new Uint32Array(0) }));
  private readonly byId = new Map<string, { article: StoredArticle; slot: number }>();
  private readonly bySlot: (string | undefined)[] = [];
  private readonly byHash = new Map<string, Set<string>>();

  constructor(readonly spec: string, numPerm: number, params: LshParams) {
    this.lsh = new LshIndex(numPerm, params);
  }

  get size(): number { return this.byId.size; }

  upsert(article: StoredArticle): UpsertOutcome {
    if (article.signature.spec !== this.spec) throw new RangeError(`index holds ${this.spec}, got ${article.signature.spec}`);
    const existing = this.byId.get(article.id);
    const outcome = decideUpsert(existing?.article, article);
    if (outcome === "unchanged" || outcome === "stale") return outcome;
    if (existing) this.drop(article.id);
    const slot = this.lsh.insert(article.signature.values);
    if (this.anchors.add(anchorsOf(article.fingerprints)) !== slot) throw new Error("LSH and anchor slots diverged");
    this.bySlot[slot] = article.id;
    this.byId.set(article.id, { article, slot });
    let ids = this.byHash.get(article.contentHash);
    if (!ids) { ids = new Set(); this.byHash.set(article.contentHash, ids); }
    ids.add(article.id);
    return outcome;
  }

  remove(id: string): boolean {
    if (!this.byId.has(id)) return false;
    this.drop(id);
    return true;
  }

  get(id: string): StoredArticle | undefined {
    return this.byId.get(id)?.article;
  }

  /** Exact-content matches first, then LSH candidates, then articles sharing anchors; never `exclude` itself. */
  findCandidates(signature: Signature, contentHash: string | undefined, exclude?: string, anchors?: Uint32Array, limit = 200): StoredArticle[] {
    if (signature.spec !== this.spec) return [];
    // No closure per call: under tsx (esbuild keepNames) each one also costs a naming call (profiled).
    const out: StoredArticle[] = [];
    const seen = new Set<string>();
    if (contentHash) for (const id of this.byHash.get(contentHash) ?? []) this.take(id, exclude, seen, out, limit);
    for (const slot of this.lsh.query(signature.values, limit)) this.take(this.bySlot[slot], exclude, seen, out, limit);
    if (anchors && anchors.length >= MIN_SHARED_ANCHORS) for (const slot of this.anchors.query(anchors, MIN_SHARED_ANCHORS, limit)) this.take(this.bySlot[slot], exclude, seen, out, limit);
    return out;
  }

  private take(id: string | undefined, exclude: string | undefined, seen: Set<string>, out: StoredArticle[], limit: number): void {
    if (id === undefined || id === exclude || seen.has(id) || out.length >= limit) return;
    const entry = this.byId.get(id);
    if (entry) { seen.add(id); out.push(entry.article); }
  }

  /** Approximate bytes held: the LSH arrays plus per-article records. */
  lshBytes(): number { return this.lsh.byteLength() + this.anchors.byteLength(); }

  private drop(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.lsh.remove(entry.slot);
    this.anchors.remove(entry.slot);
    this.bySlot[entry.slot] = undefined;
    this.byId.delete(id);
    const ids = this.byHash.get(entry.article.contentHash);
    ids?.delete(id);
    if (ids && ids.size === 0) this.byHash.delete(entry.article.contentHash);
  }
}
