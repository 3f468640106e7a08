import { z } from "zod";

/** Largest page text accepted, in UTF-16 code units (~2 MB of Arabic). */
export const MAX_TEXT_CHARS = 1_000_000;
export const MAX_ID_CHARS = 256;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** String.prototype.isWellFormed (ES2024, in Node 20 and workerd) where present: far cheaper than the regex. */
const noLoneSurrogate = (s: string) => (s as { isWellFormed?: () => boolean }).isWellFormed?.() ?? !LONE_SURROGATE.test(s);

/** Article ids: printable, no ':' (BullMQ job ids derive from them), no whitespace at the ends. */
export const ArticleId = z
  .string()
  .min(1)
  .max(MAX_ID_CHARS)
  .regex(/^[^\s:\u0000-\u001f][^:\u0000-\u001f]*$/, "ids are printable text without ':' or control characters")
  .refine((s) => s.trim() === s, "ids have no leading or trailing whitespace");

const Text = (max: number) => z.string().max(max).refine(noLoneSurrogate, "contains a lone UTF-16 surrogate");

/** One article as posted or queued. `text` is the whole scraped page. */
export const ArticleInput = z.object({
  id: ArticleId,
  text: Text(MAX_TEXT_CHARS).refine((s) => s.trim().length > 0, "text is empty"),
  title: Text(2_000).optional(),
  source: Text(200).optional(),
  url: Text(4_000).optional(),
  publishedAt: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional(),
  rev: z.number().int().nonnegative().optional(),
});
export type ArticleInputT = z.infer<typeof ArticleInput>;

/**
 * Issues one error lists at most; the rest are counted. A batch of 10,000 articles with a bad id
 * each made a 400 of ~1 MB (and a job's failure reason as long) saying one thing 10,000 times.
 */
export const MAX_LISTED_ISSUES = 100;

export interface IssueList {
  /** Field paths and messages, the first MAX_LISTED_ISSUES of them, in the schema's order. */
  issues: { path: string; message: string }[];
  /** Issues found past those listed. */
  notListed: number;
}

/** Field paths and messages of a zod failure, never the offending values; `prefix` goes before each path. */
export function describeIssues(error: z.ZodError, prefix = ""): IssueList {
  const listed = error.issues.slice(0, MAX_LISTED_ISSUES);
  return { issues: listed.map((i) => ({ path: prefix + (i.path.join(".") || "(root)"), message: i.message })), notListed: error.issues.length - listed.length };
}

/** Issues on one line, for logs and job failure reasons, the unlisted ones counted at the end. */
export function joinIssues({ issues, notListed }: IssueList): string {
  const line = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return notListed > 0 ? `${line}; and ${notListed} more ${notListed === 1 ? "issue" : "issues"}` : line;
}

/** A zod failure's issues on one line (joinIssues). */
export const formatIssues = (error: z.ZodError, prefix = ""): string => joinIssues(describeIssues(error, prefix));
