import type { Relation, RelationKind } from "./core/relations.js";
import type { Signature } from "./core/signature.js";
import type { StoredArticle, UpsertOutcome } from "./core/stored-article.js";
import type { TitleCandidate } from "./core/title-index.js";
import type { JobPayload } from "./schemas/job.js";

/**
 * A backing resource cannot take writes now (the embedded log's disk is full or failing): nothing of
 * the write was kept, and the same request may be repeated later. The message names the resource and
 * the cause, never the request's content; the HTTP layer answers 503 `unavailable` with it.
 */
export class UnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnavailableError";
  }
}

/**
 * A stored article's record does not decode (corrupted, or written by a faulty version under this
 * layout): the article must be deleted or ingested again. The message never names the article; the
 * HTTP layer answers 500 `unreadable_record` with it.
 */
export class UnreadableRecordError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("the stored article cannot be read (its stored record does not decode); delete it or ingest it again", options);
    this.name = "UnreadableRecordError";
  }
}

/** A relation summary kept by the index between two stored articles (evidence is not kept). */
export interface StoredLink {
  id: string;
  kind: RelationKind;
  similarity: number;
  /** [this article inside the other, the other inside this article]. */
  containment: [number, number];
}

/**
 * Links an article keeps at most. A story copied by hundreds of outlets would otherwise tie every
 * copy to up to CANDIDATE_LIMIT others, and the first copies to every later one: memory, reads and
 * deletes growing with the square of the copies (bench/RESULTS.md). See IndexStore for the rule.
 */
export const MAX_LINKS = 50;

export const summarize = (id: string, r: Relation): StoredLink => ({ id, kind: r.kind, similarity: r.similarity, containment: r.containment });
export const reverse = (id: string, l: StoredLink): StoredLink => ({ id, kind: l.kind, similarity: l.similarity, containment: [l.containment[1], l.containment[0]] });

export interface CandidateQuery {
  signature: Signature;
  contentHash: string;
  anchors: Uint32Array;
  /** Never returned (the article being checked). */
  exclude?: string;
  limit?: number;
}

/** A candidate query's answer. */
export interface Candidates {
  ids: string[];
  /** The stored articles of `ids`, in the same order, read in the same step as the query. */
  articles: StoredArticle[];
  /**
   * The store's write position when the query ran. Passed back to `upsert` as `since`, it lets the
   * store report the articles written after the query, which the query could not see.
   */
  mark: number;
}

/** Headlines to look up among the stored titles: each headline's sketch (src/core/title-index.ts, sketchOfPrepared). */
export interface TitleQuery {
  sketches: Uint8Array[];
  /** Never returned (the article being checked). */
  exclude?: string;
  /** Titles returned at most per headline (TITLE_CANDIDATE_LIMIT by default). */
  limit?: number;
}

export interface UpsertOptions {
  /** The mark of the caller's candidate query (see `UpsertResult.newcomers`). */
  since?: number;
  /** When the write was received (ms since the epoch): a deletion at or after it voids it. */
  receivedAt?: number;
}

/** How long a deletion voids earlier writes of its id (a week: longer than any job waits or retries). */
export const DELETION_MEMORY_MS = 7 * 24 * 3600 * 1000;

/** What a withdrawal did (IndexStore.withdraw). */
export type Withdrawal = "removed" | "absent" | "stale";

/** What an upsert did. */
export interface UpsertResult {
  outcome: UpsertOutcome;
  /**
   * Live articles written after `options.since` (a mark from `findCandidates`) that share a band, or enough
   * anchors, with this article: the candidates a concurrent writer slipped in between this caller's
   * query and its write. Empty without `since`, and when the article was not rewritten.
   */
  newcomers: string[];
}

/**
 * Where analyzed articles live. Implementations: memory (typed arrays), Redis (Lua scripts).
 * Guarantees, checked by tests/contract/index-store.contract.ts for every implementation:
 * - `upsert` is atomic: the record, its LSH band memberships, its anchors and its links (both
 *   directions) are written together or not at all; a concurrent reader never sees half an article.
 * - `upsert` is idempotent: the same id with the same content hash, revision and metadata (title,
 *   source, url, publishedAt) changes nothing ("unchanged"); an older revision changes nothing
 *   ("stale"); anything else, a retitle of the same body included, replaces the old entry wholly,
 *   old memberships and links included ("replaced").
 * - `remove` deletes every membership and every link to and from the article.
 * - `findCandidates` returns ids of live articles only, never `exclude`, at most `limit`;
 *   an article with an identical signature is always among them. Their stored articles come with
 *   them, read in the same step (one round trip on Redis), so the caller needs no `getMany`.
 * - No ordering between different ids is promised; writes to one id are applied in call order.
 * - Concurrent writers miss no pair: of two articles each queried and then upserted with the
 *   query's mark, the one written second finds the other either among its candidates or among its
 *   upsert's `newcomers` (the store numbers its writes; newcomers are those numbered after the mark).
 * - `findTitles` returns, for each queried headline in order, live articles (never `exclude`, each
 *   once) whose stored title shares a band key with it, with that title, ranked as TitleIndex.query
 *   ranks them: of the TITLE_EXAMINE_LIMIT sharing the most keys (then the earliest written), those
 *   whose sketch has at least TITLE_MIN_AGREEING bytes equal to the headline's, the most first (then
 *   more keys, then earlier), at most `limit`. A key holding MAX_TITLE_POSTINGS articles (full) does
 *   not count: its holders not met through the other keys are examined after those, sharing the
 *   most full keys first, for the room they leave. An article is filed by its `titleSketch` when it is
 *   written, and leaves the title index when it is replaced without one or removed. A title key
 *   holds its latest MAX_TITLE_POSTINGS live articles: a new one takes the place of the oldest.
 *   Candidates only: the caller confirms them (title-index.ts, confirmTitles).
 * - `addLinks` writes links both ways, only between articles that are both live.
 * - Links are symmetric and capped. `upsert` and `addLinks` take links best first; each is written
 *   both ways if the two already share it (updated) or if both hold fewer than MAX_LINKS, and is
 *   skipped otherwise; but an article that would then hold no link at all takes its best one
 *   whatever the other holds. So a link is never one-sided, a copy of a full article links to the
 *   next best ones with room (later copies), and no copy is cut off from its copies' cluster. An
 *   article holds more than MAX_LINKS only by such links, each another article's only one.
 * - A deletion with a time (`remove(id, at)`) voids the writes of that id received at or before it:
 *   an upsert or a withdrawal whose `receivedAt` is not later is "stale" (a write queued before a
 *   retraction does not bring the article back). Deletion times are kept for a week (DELETION_MEMORY_MS).
 * - `withdraw` is the write of a version with nothing to index (its body too short): it removes
 *   the stored article as `remove` does, except that it is "stale" as an upsert would be: when the
 *   stored revision is newer than the version's, or a deletion voids it. A withdrawal that is not
 *   stale is remembered as a deletion is (a week): an upsert of an older revision arriving after it
 *   is "stale" too, so a retried old version does not bring back what its newer version took out.
 * - A store that keeps bytes leaves a record that does not decode out of `getMany`,
 *   `findCandidates` and `findTitles` (one bad record must not fail every query that meets it) and
 *   counts it in `unreadable`; `get` of such a record throws UnreadableRecordError.
 */
export interface IndexStore {
  /** Records left out of reads because they did not decode, since the store was made. */
  readonly unreadable?: number;
  upsert(article: StoredArticle, links: StoredLink[], options?: UpsertOptions): Promise<UpsertResult>;
  addLinks(id: string, links: StoredLink[]): Promise<void>;
  remove(id: string, at?: number): Promise<boolean>;
  /** "removed" when the article was indexed and is no more, "absent" when it was not, "stale" when it stays (see above). */
  withdraw(id: string, revision: number, options?: Pick<UpsertOptions, "receivedAt">): Promise<Withdrawal>;
  get(id: string): Promise<StoredArticle | undefined>;
  getMany(ids: string[]): Promise<StoredArticle[]>;
  links(id: string): Promise<StoredLink[]>;
  findCandidates(q: CandidateQuery): Promise<Candidates>;
  findTitles(q: TitleQuery): Promise<TitleCandidate[][]>;
  size(): Promise<number>;
  close(): Promise<void>;
}

export type JobState = "waiting" | "active" | "completed" | "failed";

export interface JobStatus {
  id: string;
  state: JobState;
  result?: unknown;
  failedReason?: string;
  attempts: number;
}

/**
 * Where ingestion jobs wait for a worker. Implementations: embedded (in process, append-only log)
 * and BullMQ (Redis). Guarantees:
 * - `enqueue` resolves only once the job is durable (fsynced log / Redis acknowledged); a job id
 *   derives from the payload, so enqueuing the same payload twice yields one job.
 * - Jobs of one queue are started in enqueue order; a job is retried on transient failure with
 *   exponential backoff and fails once, without retry, on an invalid payload.
 * - `waitFor` resolves with the job's state when it completes or fails, or with its current state
 *   after `timeoutMs`.
 */
export interface IngestQueue {
  enqueue(payload: JobPayload): Promise<{ jobId: string }>;
  getJob(jobId: string): Promise<JobStatus | undefined>;
  waitFor(jobId: string, timeoutMs: number): Promise<JobStatus | undefined>;
  depth(): Promise<number>;
  /** Whether a worker has shown signs of life recently. */
  workerAlive(): Promise<boolean>;
  close(): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
