import type { Redis } from "ioredis";
import { anchorsOf, MAX_ANCHOR_POSTINGS, MIN_ANCHOR_OVERLAP } from "../../core/anchors.js";
import { decodeArticle, encodeArticle } from "../../core/article-codec.js";
import { bandKeys } from "../../core/lsh-index.js";
import type { LshParams } from "../../core/lsh-params.js";
import type { StoredArticle, UpsertOutcome } from "../../core/stored-article.js";
import { reverse, type CandidateQuery, type IndexStore, type StoredLink } from "../../ports.js";
import { registerScripts, type TikrarCommands } from "./scripts.js";

/** Bumped when the key layout changes, so an old and a new layout never mix. */
export const KEY_LAYOUT = "v5";
const LAYOUT_NUMBER = Number(KEY_LAYOUT.slice(1));

const toBuffer = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Refuses a Redis that may evict keys: an evicted band bucket silently loses matches. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const [, policy] = (await redis.config("GET", "maxmemory-policy")) as [string, string];
  if (policy !== "noeviction") {
    throw new Error(`Redis maxmemory-policy is "${policy}": tikrar needs "noeviction" (an evicted key silently loses index entries). Run: redis-cli CONFIG SET maxmemory-policy noeviction`);
  }
}

/** The Redis IndexStore: one Lua script per write, so an article is indexed wholly or not at all. */
export class RedisIndexStore implements IndexStore {
  private readonly redis: Redis & TikrarCommands;
  readonly ns: string;

  constructor(redis: Redis, private readonly prefix: string, private readonly params: LshParams, private readonly ownsClient = false) {
    this.redis = registerScripts(redis);
    this.ns = `${prefix}:${KEY_LAYOUT}:`;
  }

  async upsert(article: StoredArticle, links: StoredLink[]): Promise<UpsertOutcome> {
    const record = encodeArticle(article, this.params);
    const linkArgs = links.map((l) => [l.id, JSON.stringify(l), JSON.stringify(reverse(article.id, l))]);
    const bands = toBuffer(bandKeys(article.signature.values, this.params)), anchors = toBuffer(anchorsOf(article.fingerprints));
    return (await this.redis.tikrarUpsert(this.ns, article.id, Buffer.from(record.buffer, record.byteOffset, record.byteLength), JSON.stringify(linkArgs), bands, anchors, MAX_ANCHOR_POSTINGS)) as UpsertOutcome;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.redis.tikrarRemove(this.ns, id)) === 1;
  }

  async get(id: string): Promise<StoredArticle | undefined> {
    const buf = await this.redis.getBuffer(this.ns + "a:" + id);
    return buf ? decodeArticle(id, buf) : undefined;
  }

  async getMany(ids: string[]): Promise<StoredArticle[]> {
    if (ids.length === 0) return [];
    const bufs = await this.redis.mgetBuffer(...ids.map((id) => this.ns + "a:" + id));
    return ids.flatMap((id, i) => (bufs[i] ? [decodeArticle(id, bufs[i]!)] : []));
  }

  async links(id: string): Promise<StoredLink[]> {
    const h = await this.redis.hgetall(this.ns + "l:" + id);
    return Object.values(h).map((v) => JSON.parse(v) as StoredLink);
  }

  async findCandidates(q: CandidateQuery): Promise<string[]> {
    const bands = bandKeys(q.signature.values, this.params);
    return this.redis.tikrarCandidates(this.ns, toBuffer(bands), toBuffer(q.anchors), q.exclude ?? "", q.limit ?? 200, 2, MIN_ANCHOR_OVERLAP);
  }

  /**
   * Article counts left under earlier key layouts of this prefix: this version does not read them
   * (their articles must be ingested again), so startup says so rather than serve a silently empty index.
   */
  async earlierLayouts(): Promise<{ layout: string; articles: number }[]> {
    const layouts = Array.from({ length: LAYOUT_NUMBER - 1 }, (_, i) => `v${i + 1}`);
    const counts = await this.redis.mget(...layouts.map((l) => `${this.prefix}:${l}:count`));
    return layouts.flatMap((layout, i) => (Number(counts[i] ?? 0) > 0 ? [{ layout, articles: Number(counts[i]) }] : []));
  }

  async size(): Promise<number> {
    return Number((await this.redis.get(this.ns + "count")) ?? 0);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit();
  }
}
