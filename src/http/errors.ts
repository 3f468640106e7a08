import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { UnavailableError, UnreadableRecordError } from "../ports.js";
import type { IssueList } from "../schemas/article.js";

export type ErrorCode =
  | "not_found" | "malformed_json" | "unsupported_media_type" | "payload_too_large" | "validation_failed"
  | "unauthorized" | "method_not_allowed" | "not_ready" | "unavailable" | "unreadable_record" | "internal";

/**
 * The one error envelope of the API. Messages never echo the request's content. A validation
 * failure lists its first issues (MAX_LISTED_ISSUES) and counts the rest in `issuesNotListed`.
 */
export function errorBody(code: ErrorCode, message: string, issues?: IssueList) {
  if (!issues) return { error: { code, message } };
  return { error: { code, message, issues: issues.issues, ...(issues.notListed > 0 ? { issuesNotListed: issues.notListed } : {}) } };
}

export function sendError<S extends ContentfulStatusCode>(c: Context, status: S, code: ErrorCode, message: string, issues?: IssueList) {
  return c.json(errorBody(code, message, issues), status);
}

/**
 * The single mapping from thrown errors to HTTP: framework exceptions by status; a store that cannot
 * take writes (UnavailableError) is a 503; a stored record that does not decode (UnreadableRecordError)
 * a 500 that says so; anything else is a 503 while the backing service is
 * unreachable (`reachable` says no), otherwise a 500.
 */
export function mapError(err: unknown, c: Context, reachable?: () => boolean) {
  if (err instanceof HTTPException) {
    const s = err.status;
    if (s === 400) return sendError(c, 400, "malformed_json", "the request body is not valid JSON");
    if (s === 413) return sendError(c, 413, "payload_too_large", "the request body is over the size limit");
    if (s === 415) return sendError(c, 415, "unsupported_media_type", "send the body as application/json");
    if (s === 401) return sendError(c, 401, "unauthorized", "a valid bearer API key is required");
    return sendError(c, s as ContentfulStatusCode, "internal", err.message || "request failed");
  }
  if (err instanceof SyntaxError) return sendError(c, 400, "malformed_json", "the request body is not valid JSON");
  if (err instanceof UnavailableError) {
    c.header("Retry-After", "30");
    return sendError(c, 503, "unavailable", err.message);
  }
  if (err instanceof UnreadableRecordError) {
    console.error("tikrar: a stored record does not decode:", err.cause);
    return sendError(c, 500, "unreadable_record", err.message);
  }
  if (reachable && !reachable()) {
    // The request may or may not have reached Redis; repeating it is safe (job ids and ingestion are idempotent).
    c.header("Retry-After", "5");
    return sendError(c, 503, "unavailable", "the index and queue (Redis) are unreachable; retry later (repeating the same request is safe)");
  }
  console.error("tikrar: unexpected error", err);
  return sendError(c, 500, "internal", "internal error");
}
