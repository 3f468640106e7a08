import { loadContentHasher } from "../core/content-hash.js";
import type { PageInput } from "../core/page.js";
import { describeIssues } from "../schemas/article.js";
import { JobPayload } from "../schemas/job.js";
import type { ArticleService } from "./article-service.js";

export type JobProcessor = (payload: unknown) => Promise<unknown>;

/** A job that can never succeed (an invalid payload): failed once, never retried. */
export class PermanentJobError extends Error {
  constructor(message: string) { super(message); this.name = "PermanentJobError"; }
}

export interface RetryPolicy { attempts: number; backoffMs: number }

/** Job ids derive from the payload (xxh64), so the same batch queued twice is one job; no ':' (BullMQ). */
export async function jobIdFor(payload: JobPayload): Promise<string> {
  return "j" + (await loadContentHasher()).hash(JSON.stringify(payload));
}

/** One job: validate the public payload, then ingest its articles in order. */
export function makeJobProcessor(service: ArticleService): JobProcessor {
  return async (raw) => {
    const parsed = JobPayload.safeParse(raw);
    if (!parsed.success) throw new PermanentJobError(`invalid job payload: ${describeIssues(parsed.error).map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    if (parsed.data.articles.length === 1) return service.ingest(parsed.data.articles[0] as PageInput); // the whole analysis
    const results = [];
    for (const article of parsed.data.articles) {
      const r = await service.ingest(article as PageInput);
      results.push({ id: r.id, outcome: r.outcome, relations: r.relations.map(({ evidence: _e, ...rest }) => rest), embeds: r.embeds.map((e) => e.id) });
    }
    return { count: results.length, articles: results };
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
