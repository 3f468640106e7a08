import type { Fingerprints } from "./fingerprints.js";
import type { IndexedSketch, Relation } from "./relations.js";
import type { Signature } from "./signature.js";

/** Article metadata kept by an index; `firstSeen` is the index's own clock (ms). */
export interface ArticleMeta {
  title?: string;
  source?: string;
  url?: string;
  publishedAt?: string;
  firstSeen: number;
}

/** Everything an index store keeps of one article. */
export interface StoredArticle {
  id: string;
  /** xxh64 of the normalized body: the idempotency key and the exact-duplicate fast path. */
  contentHash: string;
  /** Revision order: explicit `rev`, else publishedAt in ms, else 0. */
  rev: number;
  signature: Signature;
  fingerprints: Fingerprints;
  /** Its title's sketch (src/core/title-index.ts), by which it is filed; none when it has no title long enough. */
  titleSketch?: Uint8Array;
  meta: ArticleMeta;
}

/** A relation seen from one article to another indexed one. */
export interface ArticleLink {
  id: string;
  relation: Relation;
  /** Set while the relation's evidence is not computed yet (see match.ts, withEvidence): the other side. */
  pending?: IndexedSketch;
}

export type UpsertOutcome = "created" | "unchanged" | "replaced" | "stale";

/** A page's revision: its explicit `rev`, else its publishedAt in ms since the epoch, else 0. */
export function revisionOf(p: { rev?: number; publishedAt?: string }): number {
  if (typeof p.rev === "number" && Number.isFinite(p.rev)) return p.rev;
  const t = publishedInstant(p.publishedAt);
  return Number.isNaN(t) ? 0 : t;
}

/**
 * publishedAt in ms since the epoch (NaN when absent or unreadable). A date-time without an offset
 * is UTC, as a date alone is: `Date.parse` would read it in the host's time zone, so revisions and
 * canonical articles would depend on where a process runs (an API in Riyadh and a worker in UTC
 * would order the same two versions differently).
 */
export function publishedInstant(s: string | undefined): number {
  if (!s) return NaN;
  return Date.parse(LOCAL_DATE_TIME.test(s) ? s + "Z" : s);
}

const LOCAL_DATE_TIME = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Same id: unchanged if the content, revision and metadata are the same (a retry); stale if older
 * than what is stored; else replaced, a retitle or a corrected url with the same body included.
 */
export function decideUpsert(existing: StoredArticle | undefined, next: StoredArticle): UpsertOutcome {
  if (!existing) return "created";
  if (next.rev < existing.rev) return "stale";
  if (existing.contentHash === next.contentHash && existing.rev === next.rev && sameMeta(existing.meta, next.meta)) return "unchanged";
  return "replaced";
}

/** The metadata a write sets (not firstSeen, the index's own clock). */
const sameMeta = (a: ArticleMeta, b: ArticleMeta) => a.title === b.title && a.source === b.source && a.url === b.url && a.publishedAt === b.publishedAt;
