import { z } from "zod";
import { ArticleInput } from "./article.js";

/** Most articles in one job (and one POST /v1/articles/batch). */
export const MAX_BATCH = 10_000;

/**
 * The public payload of a job on the `ingest` queue. Batch producers add jobs with their own
 * BullMQ client: `queue.add("ingest", { articles: [...] }, { jobId })` — see the README.
 */
export const JobPayload = z.object({
  articles: z.array(ArticleInput).min(1).max(MAX_BATCH),
});
export type JobPayload = z.infer<typeof JobPayload>;
