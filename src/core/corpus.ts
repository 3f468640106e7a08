import { AnchorIndex } from "./anchor-index.js";
import { anchorsOf } from "./anchors.js";
import { LshIndex } from "./lsh-index.js";
import type { LshParams } from "./lsh-params.js";
import type { Signature } from "./signature.js";
import { decodeArticle, decodeHashes, decodeStoredMeta, encodeArticle } from "./article-codec.js";
import { decideUpsert, type ArticleMeta, type StoredArticle, type UpsertOutcome } from "./stored-article.js";

/** An article as a corpus holds it: the object itself, or its record (article-codec.ts) when compact. */
interface Entry {
  held: StoredArticle | Uint8Array;
  slot: number;
  contentHash: string;
}

const NO_HASHES = new Uint32Array(0);

/**
 * The in-memory index: articles by id, by content hash, and in MinHash LSH. Synchronous and pure;
 * the memory IndexStore adapter and the batch command both use it.
 *
 * `compact` keeps each article as its stored record (~0.6 KB for a 3.5 KB article) rather than as
 * objects and typed arrays (~3 KB), and decodes it when it is asked for (5–8 µs): for an index that
 * lives long and grows (the embedded default's), not for a batch's short-lived one. bench/RESULTS.md.
 */
export class Corpus {
  private readonly lsh: LshIndex;
  private readonly anchors = new AnchorIndex((slot) => this.anchorsAt(slot));
  private readonly byId = new Map<string, Entry>();
  private readonly bySlot: (string | undefined)[] = [];
  /** Ids by content hash: the id itself while it is the only one (a Set per article cost ~190 bytes, measured). */
  private readonly byHash = new Map<string, string | Set<string>>();

  constructor(readonly spec: string, numPerm: number, private readonly params: LshParams, private readonly compact = false) {
    this.lsh = new LshIndex(numPerm, params);
  }

  get size(): number { return this.byId.size; }

  upsert(article: StoredArticle): UpsertOutcome {
    if (article.signature.spec !== this.spec) throw new RangeError(`index holds ${this.spec}, got ${article.signature.spec}`);
    const existing = this.byId.get(article.id);
    const outcome = decideUpsert(existing && this.articleOf(article.id, existing), article);
    if (outcome === "unchanged" || outcome === "stale") return outcome;
    if (existing) this.drop(article.id);
    const slot = this.lsh.insert(article.signature.values);
    if (this.anchors.add(anchorsOf(article.fingerprints)) !== slot) throw new Error("LSH and anchor slots diverged");
    this.bySlot[slot] = article.id;
    this.byId.set(article.id, { held: this.compact ? encodeArticle(article, this.params) : article, slot, contentHash: article.contentHash });
    const ids = this.byHash.get(article.contentHash);
    if (ids === undefined) this.byHash.set(article.contentHash, article.id);
    else if (typeof ids === "string") this.byHash.set(article.contentHash, new Set([ids, article.id]));
    else ids.add(article.id);
    return outcome;
  }

  remove(id: string): boolean {
    if (!this.byId.has(id)) return false;
    this.drop(id);
    return true;
  }

  get(id: string): StoredArticle | undefined {
    const entry = this.byId.get(id);
    return entry && this.articleOf(id, entry);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** An article's meta alone (a compact corpus decodes only that part of the record). */
  metaOf(id: string): ArticleMeta | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    return entry.held instanceof Uint8Array ? decodeStoredMeta(entry.held) : entry.held.meta;
  }

  private articleOf(id: string, entry: Entry): StoredArticle {
    return entry.held instanceof Uint8Array ? decodeArticle(id, entry.held) : entry.held;
  }

  /** A live slot's anchors, for the anchor index's compaction (a record's fingerprint hashes alone are read). */
  private anchorsAt(slot: number): Uint32Array {
    const entry = this.byId.get(this.bySlot[slot] ?? "");
    if (!entry) return NO_HASHES;
    return anchorsOf(entry.held instanceof Uint8Array ? { hashes: decodeHashes(entry.held) } : entry.held.fingerprints);
  }

  /** Exact-content matches first, then LSH candidates, then articles sharing anchors; never `exclude` itself. */
  findCandidates(signature: Signature, contentHash: string | undefined, exclude?: string, anchors?: Uint32Array, limit = 200): StoredArticle[] {
    const ids = this.findCandidateIds(signature, contentHash, exclude, anchors, limit);
    const out = new Array<StoredArticle>(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = this.articleOf(ids[i], this.byId.get(ids[i])!);
    return out;
  }

  /** The ids `findCandidates` gives, without reading the articles (a compact corpus decodes nothing). */
  findCandidateIds(signature: Signature, contentHash: string | undefined, exclude?: string, anchors?: Uint32Array, limit = 200): string[] {
    if (signature.spec !== this.spec) return [];
    // No closure per call: under tsx (esbuild keepNames) each one also costs a naming call (profiled).
    const out: string[] = [];
    const seen = new Set<string>();
    const same = contentHash ? this.byHash.get(contentHash) : undefined;
    if (typeof same === "string") this.take(same, exclude, seen, out, limit);
    else if (same) for (const id of same) { if (out.length >= limit) break; this.take(id, exclude, seen, out, limit); }
    for (const slot of this.lsh.query(signature.values, limit)) this.take(this.bySlot[slot], exclude, seen, out, limit);
    if (anchors && anchors.length > 0) for (const slot of this.anchors.query(anchors, limit)) this.take(this.bySlot[slot], exclude, seen, out, limit);
    return out;
  }

  private take(id: string | undefined, exclude: string | undefined, seen: Set<string>, out: string[], limit: number): void {
    if (id === undefined || id === exclude || seen.has(id) || out.length >= limit || !this.byId.has(id)) return;
    seen.add(id);
    out.push(id);
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
    const ids = this.byHash.get(entry.contentHash);
    if (ids === id) this.byHash.delete(entry.contentHash);
    else if (typeof ids === "object") {
      ids.delete(id);
      if (ids.size === 1) this.byHash.set(entry.contentHash, ids.values().next().value!);
    }
  }
}
