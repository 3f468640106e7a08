import { z } from "@hono/zod-openapi";
import { ArticleId, ArticleInput } from "../schemas/article.js";
import { JobPayload } from "../schemas/job.js";
import { MAX_HEADLINE_LOOKUPS } from "../app/article-service.js";
import { MAX_LISTED } from "../app/views.js";
import { MAX_LINKS } from "../ports.js";

/** Shared with the batch command and the queue, so plain zod (no OpenAPI names on them). */
export const ArticleBody = ArticleInput;
export const BatchBody = JobPayload;
export const IdParam = z.object({ id: ArticleId });
export const JobIdParam = z.object({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/).openapi({ param: { name: "id", in: "path" } }) });
export const WaitQuery = z.object({ wait: z.enum(["true", "false"]).optional().openapi({ param: { name: "wait", in: "query" } }) });

const Range = z.tuple([z.number().int(), z.number().int()]);
const Passage = z.object({ a: Range, b: Range });
const Link = z.object({ id: z.string(), relation: z.enum(["duplicate", "near_duplicate", "partial"]), similarity: z.number(), containment: z.tuple([z.number(), z.number()]), evidence: z.array(Passage) });
const Block = z.object({ kind: z.string(), start: z.number().int(), end: z.number().int() });
const Headline = z.object({ role: z.string(), text: z.string(), start: z.number().int(), end: z.number().int() });

const HeadlineMatch = z.object({
  headline: z.number().int().openapi({ description: "position of the page's headline in `headlines`" }),
  id: z.string().openapi({ description: "the indexed article whose title it is" }),
  title: z.string(),
  similarity: z.number().openapi({ description: "character-trigram Jaccard of the two, normalized" }),
});

export const CheckResult = z
  .object({ id: z.string(), contentHash: z.string(), matchable: z.boolean(), blocks: z.array(Block), headlines: z.array(Headline), relations: z.array(Link).openapi({ description: `${MAX_LISTED} at most, highest similarity first; when there are more, the parts of the page they are about take the places in turn, and within a part the kinds found (duplicate, near_duplicate, partial), each its most similar first` }), relationsNotListed: z.number().int().openapi({ description: `relations found beyond the ${MAX_LISTED} listed` }), embeds: z.array(Link), embedsNotListed: z.number().int(), headlineMatches: z.array(HeadlineMatch), headlinesNotLookedUp: z.number().int().openapi({ description: `distinct headlines past the first ${MAX_HEADLINE_LOOKUPS} (title and read-also title first), not looked up; 0 on any real page` }) })
  .openapi("CheckResult");

export const ErrorEnvelope = z
  .object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(), issuesNotListed: z.number().int().positive().optional() }) })
  .openapi("Error");

export const Accepted = z.object({ jobId: z.string(), state: z.string().optional(), result: z.unknown().optional(), failedReason: z.string().optional() }).openapi("Accepted");
export const JobView = z.object({ id: z.string(), state: z.enum(["waiting", "active", "completed", "failed"]), attempts: z.number(), result: z.unknown().optional(), failedReason: z.string().optional() }).openapi("Job");
const StoredLink = z.object({ id: z.string(), kind: z.string(), similarity: z.number(), containment: z.tuple([z.number(), z.number()]) });
export const ClusterView = z.object({ canonical: z.string(), members: z.array(z.string()), truncated: z.boolean() }).openapi("Cluster");
export const ArticleView = z.object({ id: z.string(), meta: z.record(z.string(), z.unknown()), contentHash: z.string(), rev: z.number(), relations: z.array(StoredLink).openapi({ description: `the links the index keeps (${MAX_LINKS} an article, see the README), ${MAX_LISTED} at most, chosen and ordered as a result's relations` }), relationsNotListed: z.number().int(), cluster: ClusterView }).openapi("Article");
