import { loadContentHasher } from "../core/content-hash.js";
import type { PageInput } from "../core/page.js";
import { z } from "zod";
import { ArticleInput, formatIssues } from "../schemas/article.js";
import { MAX_BATCH, type JobPayload } from "../schemas/job.js";
import type { ArticleService } from "./article-service.js";

/** Runs one job; `receivedAt` (ms since the epoch, when the job was queued) becomes its articles' first-seen time. */
export type JobProcessor = (payload: unknown, receivedAt?: number) => Promise<unknown>;

/** A job that can never succeed (an invalid payload): failed once, never retried. */
export class PermanentJobError extends Error {
  constructor(message: string) { super(message); this.name = "PermanentJobError"; }
}

export interface RetryPolicy { attempts: number; backoffMs: number }

/** Job ids derive from the payload (xxh64), so the same batch queued twice is one job; no ':' (BullMQ). */
export async function jobIdFor(payload: JobPayload): Promise<string> {
  return "j" + (await loadContentHasher()).hash(JSON.stringify(payload));
}

/**
 * Invalid articles a failed job's reason names at most (the rest are counted): a job of 10,000 bad
 * articles gave a reason of ~900 KB, kept with the failed job and shown by GET /v1/jobs/:id.
 */
const MAX_LISTED_ARTICLES = 20;

/** The job envelope; each article is then validated on its own, so one bad article loses no good one. */
const Envelope = z.object({ articles: z.array(z.unknown()).min(1).max(MAX_BATCH) });

/**
 * One job: a malformed envelope, or a job whose every article is invalid, fails permanently;
 * otherwise valid articles are ingested in order and invalid ones are listed in `rejected`.
 * `headlineMatches: false` leaves out a single article's headline lookup: for a log replay, which
 * only rebuilds the index.
 */
export function makeJobProcessor(service: ArticleService, { headlineMatches = true }: { headlineMatches?: boolean } = {}): JobProcessor {
  return async (raw, receivedAt) => {
    const env = Envelope.safeParse(raw);
    if (!env.success) throw new PermanentJobError(`invalid job payload: ${formatIssues(env.error)}`);
    const valid: PageInput[] = [];
    const rejected: { index: number; issues: string }[] = [];
    env.data.articles.forEach((a, index) => {
      const r = ArticleInput.safeParse(a);
      if (r.success) valid.push(r.data); else rejected.push({ index, issues: formatIssues(r.error, `articles.${index}.`) });
    });
    if (valid.length === 0) {
      const listed = rejected.slice(0, MAX_LISTED_ARTICLES).map((r) => r.issues).join("; ");
      const more = rejected.length - MAX_LISTED_ARTICLES;
      throw new PermanentJobError(`invalid job payload: ${listed}${more > 0 ? `; and ${more} more invalid articles` : ""}`);
    }
    if (env.data.articles.length === 1) return service.ingest(valid[0], receivedAt, { headlineMatches }); // the whole analysis
    const results = (await service.ingestMany(valid, receivedAt)).map((r) => ({ id: r.id, outcome: r.outcome, ...(r.removed ? { removed: true } : {}), relations: r.relations.map(({ evidence: _e, ...rest }) => rest), relationsNotListed: r.relationsNotListed, embeds: r.embeds.map((e) => e.id) }));
    return { count: results.length, articles: results, rejected };
  };
}

/** Exponential backoff for transient failures; a PermanentJobError stops at once. */
export async function runWithRetry<T>(fn: () => Promise<T>, p: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try { return await fn(); } catch (e) {
      if (e instanceof PermanentJobError || attempt >= p.attempts) throw e;
      await new Promise((r) => setTimeout(r, p.backoffMs * 2 ** (attempt - 1)));
    }
  }
}
