import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { Accepted, ArticleBody, ArticleView, BatchBody, CheckResult, ClusterView, ErrorEnvelope, IdParam, JobIdParam, JobView, WaitQuery } from "./schemas.js";

const json = <T>(schema: T, description: string) => ({ content: { "application/json": { schema } }, description });
const errors = {
  400: json(ErrorEnvelope, "malformed JSON or failed validation (issues name the fields)"),
  401: json(ErrorEnvelope, "missing, malformed or unknown API key"),
  413: json(ErrorEnvelope, "body over the size limit"),
  415: json(ErrorEnvelope, "body is not application/json"),
  503: json(ErrorEnvelope, "Redis mode: the index or queue is unreachable (Retry-After); repeating the request is safe"),
};
const body = <T>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });

export const postArticle = createRoute({
  method: "post", path: "/v1/articles", request: { ...body(ArticleBody), query: WaitQuery },
  responses: { 202: json(Accepted, "durably queued"), 200: json(Accepted, "with ?wait=true: the finished job and its analysis (as `/v1/check` gives it, with the write's outcome)"), ...errors },
} satisfies RouteConfig);

export const postBatch = createRoute({
  method: "post", path: "/v1/articles/batch", request: body(BatchBody),
  responses: { 202: json(Accepted, "durably queued as one job"), ...errors },
} satisfies RouteConfig);

export const postCheck = createRoute({
  method: "post", path: "/v1/check", request: body(ArticleBody),
  responses: { 200: json(CheckResult, "blocks, relations with evidence, embeds, headlines and the indexed articles whose titles they are; nothing stored"), ...errors },
} satisfies RouteConfig);

export const getArticle = createRoute({
  method: "get", path: "/v1/articles/{id}", request: { params: IdParam },
  responses: { 200: json(ArticleView, "metadata, relations, cluster"), 404: json(ErrorEnvelope, "not indexed"), 400: errors[400], 401: errors[401], 500: json(ErrorEnvelope, "`unreadable_record`: the stored article's record does not decode; delete it or ingest it again"), 503: errors[503] },
} satisfies RouteConfig);

export const deleteArticle = createRoute({
  method: "delete", path: "/v1/articles/{id}", request: { params: IdParam },
  responses: { 200: json(ArticleView.pick({ id: true }), "deleted with all its memberships and links"), 404: json(ErrorEnvelope, "not indexed"), 400: errors[400], 401: errors[401], 503: errors[503] },
} satisfies RouteConfig);

export const getCluster = createRoute({
  method: "get", path: "/v1/clusters/{id}", request: { params: IdParam },
  responses: { 200: json(ClusterView, "the copy cluster holding this article"), 404: json(ErrorEnvelope, "not indexed"), 400: errors[400], 401: errors[401], 503: errors[503] },
} satisfies RouteConfig);

export const getJob = createRoute({
  method: "get", path: "/v1/jobs/{id}", request: { params: JobIdParam },
  responses: { 200: json(JobView, "state, result or failure reason"), 404: json(ErrorEnvelope, "unknown job"), 400: errors[400], 401: errors[401], 503: errors[503] },
} satisfies RouteConfig);
