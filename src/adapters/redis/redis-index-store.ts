import type { Redis } from "ioredis";
import { anchorsOf, anchorWeight, MAX_ANCHOR_POSTINGS, MIN_ANCHOR_OVERLAP, MIN_SHARED_ANCHORS } from "../../core/anchors.js";
import { decodeArticle, decodeMeta, encodeArticle } from "../../core/article-codec.js";
import { bandKeys, MAX_BAND_POSTINGS } from "../../core/lsh-index.js";
import type { LshParams } from "../../core/lsh-params.js";
import type { RelationKind } from "../../core/relations.js";
import type { StoredArticle, UpsertOutcome } from "../../core/stored-article.js";
import { keysOfSketch, MAX_TITLE_POSTINGS, TITLE_CANDIDATE_LIMIT, TITLE_EXAMINE_LIMIT, TITLE_MIN_AGREEING, TITLE_SKETCH_BYTES, type TitleCandidate } from "../../core/title-index.js";
import { DELETION_MEMORY_MS, MAX_LINKS, reverse, UnreadableRecordError, type CandidateQuery, type Candidates, type TitleQuery, type IndexStore, type StoredLink, type UpsertOptions, type UpsertResult, type Withdrawal } from "../../ports.js";
import { registerScripts, type TikrarCommands } from "./scripts.js";
import { TickBatch } from "./tick-batch.js";

/** Bumped when the key layout changes, so an old and a new layout never mix. */
export const KEY_LAYOUT = "v17";
const LAYOUT_NUMBER = Number(KEY_LAYOUT.slice(1));

/** Candidates a query returns at most, unless it says otherwise; also the cap on an upsert's newcomers. */
const CANDIDATE_LIMIT = 200;

const KIND_CODE: Record<RelationKind, string> = { duplicate: "d", near_duplicate: "n", partial: "p" };
const KIND_OF: Record<string, RelationKind> = { d: "duplicate", n: "near_duplicate", p: "partial" };

/**
 * A link as its hash field's value (the field is the other article's id): the kind's letter, the
 * similarity and the two containments, each number as JavaScript writes it shortest (read back
 * exactly). JSON with its keys took ~100 bytes, over the 64 that keep a small hash compact in
 * Redis (hash-max-listpack-value), so each link cost ~150 bytes a direction; this is ~20 for the
 * 3-decimal numbers relations keep (src/core/relations.ts).
 */
const encodeLink = (l: StoredLink) => `${KIND_CODE[l.kind]} ${l.similarity} ${l.containment[0]} ${l.containment[1]}`;

/** A link read back from its hash field (the other id) and value (encodeLink). */
export function decodeLink(id: string, value: string): StoredLink {
  const [kind, similarity, a, b] = value.split(" ");
  if (!(kind in KIND_OF) || b === undefined) throw new Error(`link value ${JSON.stringify(value.slice(0, 40))} is not a link`);
  return { id, kind: KIND_OF[kind], similarity: Number(similarity), containment: [Number(a), Number(b)] };
}

const linkArgs = (id: string, links: StoredLink[]) => JSON.stringify(links.map((l) => [l.id, encodeLink(l), encodeLink(reverse(id, l))]));

const toBuffer = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

const NO_KEYS = new Uint32Array(0);

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * How buckets grow with the index (lua/common.lua, "Buckets grow with the index", holds the whole
 * scheme and must agree): a kind starts with 2^min buckets of the keys' top `min` bits and splits
 * them in order, one every rate[kind] growth steps, up to 2^max[kind]; an upsert makes `step`
 * steps when the index holds `load` articles a band bucket and more (title buckets hold `rate`
 * times as many: a title has 10 entries, a body ~45). Each bucket costs Redis ~70 bytes of its own
 * whatever it holds, so a fixed 2^18 buckets made an index of 9,873 articles cost 4,422 bytes an
 * article.
 */
export const BUCKET_LEVELS = { min: 8, max: { B: 18, N: 18, H: 16 }, rate: { B: 1, N: 1, H: 4 }, load: 2, step: 8 } as const;
export type BucketKind = keyof typeof BUCKET_LEVELS.max;

/** The shape of a kind's buckets at a growth: level L, and how many buckets (p) are split to L + 1. */
function shape(kind: BucketKind, growth: number): { level: number; split: number } {
  const n = Math.min(2 ** BUCKET_LEVELS.min + Math.floor(growth / BUCKET_LEVELS.rate[kind]), 2 ** BUCKET_LEVELS.max[kind]);
  const level = 31 - Math.clz32(n);
  return { level, split: n - 2 ** level };
}

/** A key's bucket number 2^level + prefix in a shape: split buckets are of the next level. */
function bucketNumber(key: number, level: number, split: number): number {
  const i = key >>> (32 - level);
  return i < split ? 2 ** (level + 1) + (key >>> (31 - level)) : 2 ** level + i;
}

/** The bucket of a key at a growth: its level, its prefix (the key's top `level` bits) and its 4-character code. */
export function bucketOf(kind: BucketKind, key: number, growth: number): { level: number; prefix: number; code: string } {
  const { level, split } = shape(kind, growth);
  const h = bucketNumber(key, level, split), l = 31 - Math.clz32(h);
  return { level: l, prefix: h - 2 ** l, code: code(h) };
}

/** Bytes of a key's low end an entry keeps in a bucket of a level: the bits its prefix does not hold. */
export const residueBytes = (level: number) => (level < 16 ? 3 : 2);

/** A bucket's number 2^level + prefix (at most 19 bits) in 4 base64url characters, most significant first. */
const code = (bucket: number) => B64[bucket >>> 18] + B64[(bucket >>> 12) & 63] + B64[(bucket >>> 6) & 63] + B64[bucket & 63];

/** Names of the buckets of `keys` of one kind at a growth, appended to `out` from `at`. */
function namesOf(out: string[], at: number, prefix: string, kind: BucketKind, keys: Uint32Array, growth: number): void {
  const { level, split } = shape(kind, growth);
  for (let i = 0; i < keys.length; i++) out[at + i] = prefix + code(bucketNumber(keys[i], level, split));
}

/**
 * The bucket names of the band keys, then of the anchors, then of the title keys, at a growth of
 * the buckets: the namespace, the kind ("B:", "N:" or "H:") and the bucket's code (bucketOf), all
 * the same length. The scripts cut them out of this one string, and build in Lua only those that
 * differ at the growth the index is at: building a name in Lua, from a number or from its parts,
 * made up much of a script's cost (measured, lua/common.lua).
 */
export function bucketNames(ns: string, bands: Uint32Array, anchors: Uint32Array, titles: Uint32Array = NO_KEYS, growth = 0): string {
  const out = new Array<string>(bands.length + anchors.length + titles.length);
  namesOf(out, 0, ns + "B:", "B", bands, growth);
  namesOf(out, bands.length, ns + "N:", "N", anchors, growth);
  namesOf(out, bands.length + anchors.length, ns + "H:", "H", titles, growth);
  return out.join("");
}

/** Refuses a Redis that may evict keys: an evicted band bucket silently loses matches. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const [, policy] = (await redis.config("GET", "maxmemory-policy")) as [string, string];
  if (policy !== "noeviction") {
    throw new Error(`Redis maxmemory-policy is "${policy}": tikrar needs "noeviction" (an evicted key silently loses index entries). Run: redis-cli CONFIG SET maxmemory-policy noeviction`);
  }
}

/** Unreadable records named in the log, at most; past it they are only counted. */
const REPORTED_UNREADABLE = 1_000;

/** The Redis IndexStore: one Lua script per write, so an article is indexed wholly or not at all. */
export class RedisIndexStore implements IndexStore {
  /** Records a read left out because they did not decode (see `readable`). */
  unreadable = 0;
  private readonly reported = new Set<string>();
  private readonly redis: Redis & TikrarCommands;
  /** Every command of the store goes through it, so commands issued together share one write. */
  private readonly batch: TickBatch;
  readonly ns: string;
  /**
   * The buckets' growth as the last reply gave it (lua/common.lua): names are computed at it, and a
   * script given names of another growth builds those that differ itself, so a stale value costs
   * time only.
   */
  private growth = 0;

  constructor(redis: Redis, private readonly prefix: string, private readonly params: LshParams, private readonly ownsClient = false) {
    this.redis = registerScripts(redis);
    this.batch = new TickBatch(redis);
    this.ns = `${prefix}:${KEY_LAYOUT}:`;
  }

  /** One command on the client, written with the rest of its tick (see TickBatch). */
  private send<T>(command: (c: Redis & TikrarCommands) => Promise<T>): Promise<T> {
    return this.batch.run<T>(command as (c: Redis) => unknown);
  }

  async upsert(article: StoredArticle, links: StoredLink[], { since, receivedAt }: UpsertOptions = {}): Promise<UpsertResult> {
    const record = encodeArticle(article, this.params);
    const bands = bandKeys(article.signature.values, this.params), anchors = anchorsOf(article.fingerprints);
    const titles = article.titleSketch ? keysOfSketch(article.titleSketch) : NO_KEYS;
    const growth = this.growth, names = bucketNames(this.ns, bands, anchors, titles, growth);
    const [outcome, after, ...newcomers] = await this.send((c) => c.tikrarUpsert(this.ns, article.id, Buffer.from(record.buffer, record.byteOffset, record.byteLength), linkArgs(article.id, links), toBuffer(bands), toBuffer(anchors), MAX_ANCHOR_POSTINGS, names, since === undefined ? "" : String(since), MIN_SHARED_ANCHORS, MIN_ANCHOR_OVERLAP, CANDIDATE_LIMIT, receivedAt === undefined ? "" : String(receivedAt), toBuffer(titles), MAX_LINKS, MAX_BAND_POSTINGS, MAX_TITLE_POSTINGS, anchorWeight(anchors), growth));
    this.growth = Number(after);
    return { outcome: outcome as UpsertOutcome, newcomers };
  }

  async addLinks(id: string, links: StoredLink[]): Promise<void> {
    if (links.length) await this.send((c) => c.tikrarLink(this.ns, id, linkArgs(id, links), MAX_LINKS));
  }

  async remove(id: string, at?: number): Promise<boolean> {
    return (await this.send((c) => c.tikrarRemove(this.ns, id, at === undefined ? "" : String(at), Math.ceil(DELETION_MEMORY_MS / 1000)))) === 1;
  }

  async withdraw(id: string, revision: number, { receivedAt }: Pick<UpsertOptions, "receivedAt"> = {}): Promise<Withdrawal> {
    const r = await this.send((c) => c.tikrarRemove(this.ns, id, "", Math.ceil(DELETION_MEMORY_MS / 1000), String(revision), receivedAt === undefined ? "" : String(receivedAt)));
    return r === 1 ? "removed" : r === 0 ? "absent" : "stale";
  }

  async get(id: string): Promise<StoredArticle | undefined> {
    const buf = await this.send((c) => c.getBuffer(this.ns + "a:" + id));
    if (!buf) return undefined;
    try {
      return decodeArticle(id, buf);
    } catch (e) {
      this.noteUnreadable(id, e);
      throw new UnreadableRecordError({ cause: e });
    }
  }

  async getMany(ids: string[]): Promise<StoredArticle[]> {
    if (ids.length === 0) return [];
    const bufs = await this.send((c) => c.mgetBuffer(...ids.map((id) => this.ns + "a:" + id)));
    const out: StoredArticle[] = [];
    for (let i = 0; i < ids.length; i++) {
      const article = bufs[i] && this.readable(ids[i], decodeArticle, bufs[i]!);
      if (article) out.push(article);
    }
    return out;
  }

  /**
   * A record decoded, or undefined when it does not decode (corrupted, or written by a faulty
   * version under this layout): reads of many articles leave it out, counted and named once in the
   * log, rather than fail. Failing would fail every check and every ingestion that meets the record
   * among its candidates, so one bad record would stop the ingestion of its story's copies.
   */
  private readable<T>(id: string, decode: (id: string, buf: Uint8Array) => T, buf: Uint8Array): T | undefined {
    try {
      return decode(id, buf);
    } catch (e) {
      this.noteUnreadable(id, e);
      return undefined;
    }
  }

  /** Counts a record that did not decode, and names it in the log the first time. */
  private noteUnreadable(id: string, e: unknown): void {
    this.unreadable++;
    if (this.reported.size < REPORTED_UNREADABLE && !this.reported.has(id)) {
      this.reported.add(id);
      console.warn(`tikrar: the stored article ${JSON.stringify(id)} cannot be read (${(e as Error).message}); it is left out of matches until it is ingested again${this.reported.size === REPORTED_UNREADABLE ? "; further unreadable records are only counted (tikrar_unreadable_records_total)" : ""}`);
    }
  }

  async links(id: string): Promise<StoredLink[]> {
    const h = await this.send((c) => c.hgetall(this.ns + "l:" + id));
    return Object.entries(h).map(([other, v]) => decodeLink(other, v));
  }

  async findCandidates(q: CandidateQuery): Promise<Candidates> {
    const bands = bandKeys(q.signature.values, this.params);
    const growth = this.growth;
    const [mark, after, ...found] = await this.send((c) => c.tikrarCandidatesBuffer(this.ns, toBuffer(bands), toBuffer(q.anchors), q.exclude ?? "", q.limit ?? CANDIDATE_LIMIT, MIN_SHARED_ANCHORS, MIN_ANCHOR_OVERLAP, bucketNames(this.ns, bands, q.anchors, NO_KEYS, growth), anchorWeight(q.anchors), growth));
    this.growth = Number(after.toString());
    const ids: string[] = [], articles: StoredArticle[] = [];
    for (let i = 0; i + 1 < found.length; i += 2) {
      const id = found[i].toString(), article = this.readable(id, decodeArticle, found[i + 1]);
      if (article) { ids.push(id); articles.push(article); }
    }
    return { ids, articles, mark: Number(mark.toString()) };
  }

  async findTitles(q: TitleQuery): Promise<TitleCandidate[][]> {
    const out: TitleCandidate[][] = q.sketches.map(() => []);
    const asked = q.sketches.flatMap((s, i) => (s.length > 0 ? [i] : []));
    if (asked.length === 0) return out;
    if (asked.some((i) => q.sketches[i].length !== TITLE_SKETCH_BYTES)) throw new RangeError(`title query: a sketch is ${TITLE_SKETCH_BYTES} bytes`);
    const keys: Uint32Array[] = asked.map((i) => keysOfSketch(q.sketches[i]));
    const per = keys[0].length;
    const allKeys = new Uint32Array(asked.length * per), sketches = Buffer.alloc(asked.length * TITLE_SKETCH_BYTES);
    keys.forEach((k, j) => { allKeys.set(k, j * per); sketches.set(q.sketches[asked[j]], j * TITLE_SKETCH_BYTES); });
    const growth = this.growth;
    const found = await this.send((c) => c.tikrarTitlesBuffer(this.ns, toBuffer(allKeys), per, bucketNames(this.ns, NO_KEYS, NO_KEYS, allKeys, growth), q.exclude ?? "", q.limit ?? TITLE_CANDIDATE_LIMIT, sketches, TITLE_EXAMINE_LIMIT, TITLE_MIN_AGREEING, growth, MAX_TITLE_POSTINGS));
    this.growth = Number(found[0].toString());
    for (let i = 1; i + 2 < found.length; i += 3) {
      const id = found[i + 1].toString(), title = this.readable(id, (_, b) => decodeMeta(b), found[i + 2])?.title;
      if (title !== undefined) out[asked[Number(found[i].toString()) - 1]].push({ id, title });
    }
    return out;
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
    return Number((await this.send((c) => c.get(this.ns + "count"))) ?? 0);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit();
  }
}
