import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ArticleService } from "../app/article-service.js";
import type { PageInput } from "../core/page.js";
import type { Clock, IndexStore, IngestQueue } from "../ports.js";
import { describeIssues } from "../schemas/article.js";
import { requireKey } from "./auth.js";
import { limitBody, requireUtf8 } from "./body-limit.js";
import { mapError, sendError } from "./errors.js";
import type { Metrics } from "./metrics.js";
import * as r from "./routes.js";

export interface AppDeps {
  service: ArticleService;
  store: IndexStore;
  /** A queue with `deleteInOrder` (the embedded one) applies deletes in its own order. */
  queue: IngestQueue & { deleteInOrder?<T>(id: string, apply: () => Promise<T>): Promise<T> };
  clock: Clock;
  metrics: Metrics;
  config: { apiKeys: string[]; readsRequireKey: boolean; maxBodyBytes: number; maxBatchBytes: number; waitTimeoutMs: number };
  /** Readiness beyond the queue's worker: Redis reachable, for instance. */
  ready?: () => Promise<Record<string, boolean>>;
  /** Whether the backing service (Redis) is connected now: a request failing while it is not is a 503. */
  reachable?: () => boolean;
}

/** A readiness check that has not answered by then counts as failed (a hung Redis must not hang the probe). */
const READY_CHECK_MS = 2_000;
const within = <T>(ms: number, p: Promise<T>, fallback: T): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => { timer = setTimeout(() => resolve(fallback), ms); });
  return Promise.race([p.catch(() => fallback), late]).finally(() => clearTimeout(timer));
};

const tooLarge = (c: Context) => sendError(c, 413, "payload_too_large", "the request body is over the size limit");

/** The HTTP API. Every dependency is injected; nothing here touches the network or the disk itself. */
export function createApp(d: AppDeps) {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = describeIssues(result.error);
        const total = issues.issues.length + issues.notListed;
        return sendError(c, 400, "validation_failed", `the request does not match the schema${issues.notListed > 0 ? ` (${total} issues; the first ${issues.issues.length} are listed)` : ""}`, issues);
      }
    },
  });
  const writeKey = requireKey(d.config.apiKeys);
  const readKey = d.config.readsRequireKey ? writeKey : requireKey([]);

  app.use("*", async (c, next) => {
    const t0 = d.clock.now();
    await next();
    const route = c.req.routePath || "unmatched";
    d.metrics.inc("tikrar_http_requests_total", "HTTP requests by route and status", { method: c.req.method, route, status: String(c.res.status) });
    d.metrics.observe("tikrar_http_request_duration_seconds", "HTTP request latency", { method: c.req.method, route }, (d.clock.now() - t0) / 1000);
  });
  app.on(["POST", "DELETE"], "/v1/*", writeKey);
  app.on("GET", "/v1/*", readKey);
  app.post("/v1/articles/batch", limitBody(d.config.maxBatchBytes, tooLarge));
  app.on(["POST"], ["/v1/articles", "/v1/check"], limitBody(d.config.maxBodyBytes, tooLarge));
  app.on(["POST"], ["/v1/articles", "/v1/articles/batch", "/v1/check"], requireUtf8());

  app.openapi(r.postArticle, async (c) => {
    const article = c.req.valid("json") as PageInput;
    const { jobId } = await d.queue.enqueue({ articles: [article] });
    d.metrics.inc("tikrar_ingest_accepted_total", "articles accepted for ingestion", { route: "single" });
    if (c.req.valid("query").wait !== "true") return c.json({ jobId }, 202);
    const s = await d.queue.waitFor(jobId, d.config.waitTimeoutMs);
    const done = s?.state === "completed" || s?.state === "failed";
    return c.json({ jobId, state: s?.state, result: s?.result, failedReason: s?.failedReason }, done ? 200 : 202);
  });

  app.openapi(r.postBatch, async (c) => {
    const payload = c.req.valid("json");
    const { jobId } = await d.queue.enqueue(payload);
    d.metrics.inc("tikrar_ingest_accepted_total", "articles accepted for ingestion", { route: "batch" }, payload.articles.length);
    return c.json({ jobId }, 202);
  });

  app.openapi(r.postCheck, async (c) => c.json(await d.service.check(c.req.valid("json") as PageInput), 200));

  app.openapi(r.getArticle, async (c) => {
    const a = await d.service.get(c.req.valid("param").id);
    return a ? c.json(a, 200) : sendError(c, 404, "not_found", "no article with this id is indexed");
  });

  // Writes of the id received before the request are voided even when it is not indexed yet (a
  // queued write does not bring back a retracted article); 404 still says nothing was indexed when
  // the delete was applied. The embedded queue, every write's only way in, applies the delete after
  // them; with Redis, workers take writes in parallel, so the delete is timed and the store refuses
  // earlier writes. The store's answer says whether the article was there: reading it first would
  // decode its record for nothing, and fail on one that does not decode.
  app.openapi(r.deleteArticle, async (c) => {
    const { id } = c.req.valid("param");
    const at = d.clock.now();
    const indexed = d.queue.deleteInOrder ? await d.queue.deleteInOrder(id, () => d.service.remove(id)) : await d.service.remove(id, at);
    return indexed ? c.json({ id }, 200) : sendError(c, 404, "not_found", "no article with this id is indexed; writes of it received before now will not be applied");
  });

  app.openapi(r.getCluster, async (c) => {
    const cl = await d.service.cluster(c.req.valid("param").id);
    return cl ? c.json(cl, 200) : sendError(c, 404, "not_found", "no article with this id is indexed");
  });

  app.openapi(r.getJob, async (c) => {
    const s = await d.queue.getJob(c.req.valid("param").id);
    return s ? c.json(s, 200) : sendError(c, 404, "not_found", "no job with this id");
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const [backend, worker] = await Promise.all([d.ready ? within(READY_CHECK_MS, d.ready(), { backend: false }) : {}, within(READY_CHECK_MS, d.queue.workerAlive(), false)]);
    const checks = { ...backend, worker };
    const ok = Object.values(checks).every(Boolean);
    return c.json({ status: ok ? "ready" : "not_ready", checks }, ok ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    const [depth, size] = await Promise.all([d.queue.depth().catch(() => -1), d.store.size().catch(() => -1)]);
    const text = d.metrics.render([
      { name: "tikrar_queue_depth", help: "jobs waiting or running", value: depth },
      { name: "tikrar_index_articles", help: "articles in the index", value: size },
      ...(d.store.unreadable === undefined ? [] : [{ name: "tikrar_unreadable_records_total", help: "stored records left out of reads because they did not decode", value: d.store.unreadable, type: "counter" as const }]),
    ]);
    return c.text(text, 200, { "content-type": "text/plain; version=0.0.4" });
  });
  app.doc31("/openapi.json", { openapi: "3.1.0", info: { title: "tikrar", version: "1", description: "Copies, reuse and page furniture in Arabic news" } });
  app.notFound((c) => sendError(c, 404, "not_found", "no such route"));
  app.onError((err, c) => mapError(err, c, d.reachable));
  return app;
}
