import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { MAX_LISTED } from "../../src/app/views.js";
import { MAX_LINKS } from "../../src/ports.js";
import { embeddedApp, jsonPost } from "../helpers/app.js";
import { loadSeeds, story } from "../helpers/seeds.js";

const seeds = loadSeeds();

describe("HTTP API (in process, embedded default)", () => {
  it("ingests, waits, and reads back relations, blocks, cluster", async () => {
    const { app } = await embeddedApp();
    const a = await app.request("/v1/articles?wait=true", jsonPost({ id: "wire", text: story(1, 20), publishedAt: "2024-08-01T08:00:00Z" }));
    expect(a.status).toBe(200);
    const b = await app.request("/v1/articles?wait=true", jsonPost({ id: "reprint", text: "الرياض - واس: " + story(1, 20).replace("الوزير", "المسؤول"), publishedAt: "2024-08-01T09:00:00Z" }));
    const body = await b.json();
    expect(body.state).toBe("completed");
    expect(body.result.relations[0]).toMatchObject({ id: "wire", relation: "near_duplicate" });
    expect(body.result.relations[0].evidence.length).toBeGreaterThan(0);
    const got = await (await app.request("/v1/articles/reprint")).json();
    expect(got.relations[0]).toMatchObject({ id: "wire", kind: "near_duplicate" });
    expect(got.cluster).toEqual({ canonical: "wire", members: ["reprint", "wire"], truncated: false });
    expect(await (await app.request("/v1/clusters/reprint")).json()).toEqual(got.cluster);
  });

  it("202 with a job id, then the job's state and result", async () => {
    const { app, queue } = await embeddedApp();
    const r = await app.request("/v1/articles", jsonPost({ id: "s003", text: seeds.get("003")! }));
    expect(r.status).toBe(202);
    const { jobId } = await r.json();
    expect(jobId).toMatch(/^j[0-9a-f]+$/);
    await queue.waitFor(jobId, 5000);
    const job = await (await app.request(`/v1/jobs/${jobId}`)).json();
    expect(job.state).toBe("completed");
    expect(job.result.blocks.map((b: { kind: string }) => b.kind)).toEqual(["body", "source", "tags", "read_also", "related"]);
    expect((await app.request("/v1/jobs/jnope")).status).toBe(404);
  });

  it("checks without storing", async () => {
    const { app, store } = await embeddedApp();
    const r = await app.request("/v1/check", jsonPost({ id: "c", text: seeds.get("002")! }));
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.blocks.some((b: { kind: string }) => b.kind === "read_also")).toBe(true);
    expect(body.headlines.length).toBeGreaterThan(5);
    expect(await store.size()).toBe(0);
  });

  it("names the indexed articles whose titles the page's headlines are, and keeps speakers apart", async () => {
    const { app } = await embeddedApp();
    const ingest = async (id: string, title: string, seed: number) => {
      const r = await app.request("/v1/articles?wait=true", jsonPost({ id, title, text: story(seed, 14) }));
      expect((await r.json()).result.outcome).toBe("created");
    };
    await ingest("washington", "واشنطن: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة", 601);
    await ingest("biden", "بايدن: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة", 602); // another speaker
    await ingest("ankara", "مساعٍ دبلوماسيه أمريكيه ولقاء فى أنقرة يبحث مسار صفقه التبادل", 603); // retyped and respelled
    await ingest("other", "افتتاح معرض الرياض الدولي للكتاب بمشاركة واسعة من دور النشر", 604);
    const r = await app.request("/v1/check", jsonPost({ id: "s003", text: seeds.get("003")! }));
    expect(r.status).toBe(200);
    const body = await r.json();
    const at = (text: string) => body.headlines.findIndex((h: { text: string }) => h.text.includes(text));
    const matched = body.headlineMatches.map((m: { headline: number; id: string }) => `${m.headline} ${m.id}`).sort();
    const readAlso = body.headlines.findIndex((h: { role: string }) => h.role === "read_also_title");
    // the read-also title and the same related item are both the "ankara" article's title
    expect(matched).toEqual([`${at("واشنطن: حان")} washington`, `${readAlso} ankara`, `${at("• مساع دبلوماسية")} ankara`].sort());
    expect(at("هاريس: حان")).toBeGreaterThan(-1); // the same words from another speaker match neither
    for (const m of body.headlineMatches) {
      expect(m.similarity).toBeGreaterThanOrEqual(0.6);
      expect(m.similarity).toBeLessThanOrEqual(1);
    }
    expect(body.headlineMatches.find((m: { id: string }) => m.id === "washington").title).toBe("واشنطن: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة");
    // the page itself is never its own match
    await app.request("/v1/articles?wait=true", jsonPost({ id: "ankara-page", title: "مساع دبلوماسية أميركية ولقاء في أنقرة يبحث مسار صفقة التبادل", text: story(605, 14) }));
    const self = await (await app.request("/v1/check", jsonPost({ id: "ankara-page", title: "مساع دبلوماسية أميركية ولقاء في أنقرة يبحث مسار صفقة التبادل", text: story(606, 14) }))).json();
    expect(self.headlineMatches.map((m: { id: string }) => m.id)).toEqual(["ankara"]);
  });

  it("looks up at most 100 distinct headlines a page, the title first, and counts the rest", async () => {
    const { app } = await embeddedApp();
    const headline = (i: number) => story(1000 + i, 1).split(" ").slice(0, 9).join(" ");
    const post = async (path: string, page: object) => (await app.request(path, jsonPost(page))).json();
    await post("/v1/articles?wait=true", { id: "early", title: headline(5), text: story(621, 14) });
    await post("/v1/articles?wait=true", { id: "late", title: headline(140), text: story(622, 14) });
    await post("/v1/articles?wait=true", { id: "titled", title: "افتتاح معرض الرياض الدولي للكتاب بمشاركة واسعة من دور النشر", text: story(623, 14) });
    const items = [...Array.from({ length: 150 }, (_, i) => headline(i)), headline(5)]; // the last recurs
    const page = { id: "listing", title: "افتتاح معرض الرياض الدولى للكتاب بمشاركه واسعه من دور النشر", text: `${story(624, 12)}\n\nمقالات مشابهة\n${items.map((h) => `• ${h}`).join("\n")}` };
    const body = await post("/v1/check", page);
    expect(body.headlines.length).toBe(152);
    expect(body.headlinesNotLookedUp).toBe(150 - 99); // the title and the first 99 items were looked up
    const at = (id: string) => body.headlineMatches.filter((m: { id: string }) => m.id === id).map((m: { headline: number }) => m.headline);
    expect(at("titled")).toEqual([0]);
    expect(at("early")).toEqual(expect.arrayContaining([6, 151])); // item 5, and its recurrence past the limit
    expect(at("late")).toEqual([]); // item 140 was not looked up
    expect(body.headlineMatches.every((m: { headline: number }) => m.headline <= 100 || m.headline === 151)).toBe(true);
    // a real page is looked up whole
    expect((await post("/v1/check", { id: "s003", text: seeds.get("003")! })).headlinesNotLookedUp).toBe(0);
  });

  it("gives an article's ingestion the same headline matches as its check, looked up before it is stored", async () => {
    const { app } = await embeddedApp();
    const post = async (path: string, page: object) => (await app.request(path, jsonPost(page))).json();
    await post("/v1/articles?wait=true", { id: "washington", title: "واشنطن: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة", text: story(611, 14) });
    await post("/v1/articles?wait=true", { id: "ankara", title: "مساعٍ دبلوماسيه أمريكيه ولقاء فى أنقرة يبحث مسار صفقه التبادل", text: story(612, 14) });
    const checked = await post("/v1/check", { id: "s003", text: seeds.get("003")! });
    expect(checked.headlineMatches.length).toBe(3);
    const ingested = await post("/v1/articles?wait=true", { id: "s003", text: seeds.get("003")! });
    expect(ingested.state).toBe("completed");
    expect(ingested.result.outcome).toBe("created");
    expect(ingested.result.headlineMatches).toEqual(checked.headlineMatches);
    // stored now, the page is still not its own match, and a title of its own does not change the others
    const again = await post("/v1/articles?wait=true", { id: "s003", title: "عنوان آخر للصفحة نفسها عن قمة الرياض", text: seeds.get("003")! });
    expect(again.result.outcome).toBe("replaced");
    expect(again.result.headlineMatches.map((m: { id: string }) => m.id).sort()).toEqual(["ankara", "ankara", "washington"]);
    // the job's own record says the same
    const job = await (await app.request(`/v1/jobs/${ingested.jobId}`)).json();
    expect(job.result.headlineMatches).toEqual(checked.headlineMatches);
  });

  it(`lists ${MAX_LISTED} relations of a story copied many times and counts the rest; each copy keeps at most ${MAX_LINKS} links, none is left out`, async () => {
    const { app, queue } = await embeddedApp();
    const n = MAX_LISTED + 12;
    const copy = (i: number) => ({ id: `copy${i}`, text: story(7, 20) + " " + story(300 + i, 1 + (i % 3)) });
    const { jobId } = await (await app.request("/v1/articles/batch", jsonPost({ articles: Array.from({ length: n }, (_, i) => copy(i)) }))).json();
    const job = await queue.waitFor(jobId, 60_000);
    expect(job?.state).toBe("completed");
    const last = (job?.result as { articles: { relations: unknown[]; relationsNotListed: number }[] }).articles[n - 1];
    expect(last.relations).toHaveLength(MAX_LISTED);
    expect(last.relationsNotListed).toBe(n - 1 - MAX_LISTED);
    const checked = await (await app.request("/v1/check", jsonPost({ id: "probe", text: story(7, 20) }))).json();
    expect(checked.relations).toHaveLength(MAX_LISTED);
    expect(checked.relationsNotListed).toBe(n - MAX_LISTED);
    expect(checked.embedsNotListed).toBe(0);
    const sims = checked.relations.map((r: { similarity: number }) => r.similarity);
    expect(sims).toEqual([...sims].sort((x, y) => y - x));
    expect(checked.relations.every((r: { evidence: unknown[] }) => r.evidence.length > 0)).toBe(true);
    let held = 0, over = 0;
    for (let i = 0; i < n; i++) {
      const got = await (await app.request(`/v1/articles/copy${i}`)).json();
      expect(got.relations.length).toBeGreaterThan(0);
      expect(got.relations.length).toBeLessThanOrEqual(MAX_LISTED);
      const s = got.relations.map((r: { similarity: number }) => r.similarity);
      expect(s).toEqual([...s].sort((x, y) => y - x));
      held += got.relations.length + got.relationsNotListed;
      over += Math.max(0, got.relations.length + got.relationsNotListed - MAX_LINKS);
    }
    // Before the cap, each copy linked to every earlier one: n(n-1) link ends. Now the first copies
    // fill up and the later ones link among themselves; one, finding only full copies, still links.
    expect(held).toBeLessThan(n * MAX_LINKS);
    expect(held).toBeGreaterThan(MAX_LINKS * MAX_LINKS);
    expect(over).toBe(1);
    expect((await (await app.request("/v1/clusters/copy0")).json()).members).toHaveLength(n);
  });

  it(`lists a partial reuse of another story even behind more than ${MAX_LISTED} near copies, and stores its link`, async () => {
    const { app, queue } = await embeddedApp();
    const n = MAX_LISTED + 12;
    const copies = Array.from({ length: n }, (_, i) => ({ id: `copy${i}`, text: story(7, 20) + " " + story(300 + i, 1 + (i % 3)) }));
    const { jobId } = await (await app.request("/v1/articles/batch", jsonPost({ articles: [...copies, { id: "brief", text: story(900, 4) }] }))).json();
    expect((await queue.waitFor(jobId, 60_000))?.state).toBe("completed");
    // the wire story with the whole brief appended: a near copy of each copy, and the brief inside it
    const page = { id: "roundup", text: story(7, 20) + " " + story(900, 4) };
    const checked = await (await app.request("/v1/check", jsonPost(page))).json();
    const kinds = (rs: { relation: string }[]) => new Set(rs.map((r) => r.relation));
    expect(checked.relations).toHaveLength(MAX_LISTED);
    expect(checked.relationsNotListed).toBe(n + 1 - MAX_LISTED);
    const brief = checked.relations.find((r: { id: string }) => r.id === "brief");
    expect(brief).toMatchObject({ relation: "partial" });
    expect(brief.evidence.length).toBeGreaterThan(0);
    expect(kinds(checked.relations).size).toBeGreaterThan(1);
    const sims = checked.relations.map((r: { similarity: number }) => r.similarity);
    expect(sims).toEqual([...sims].sort((x, y) => y - x));
    expect(Math.min(...sims)).toBe(brief.similarity); // it is the least similar, and listed
    const ingested = await (await app.request("/v1/articles?wait=true", jsonPost(page))).json();
    expect(ingested.result.relations.map((r: { id: string }) => r.id)).toContain("brief");
    const got = await (await app.request("/v1/articles/roundup")).json();
    expect(got.relations.map((r: { id: string }) => r.id)).toContain("brief");
    expect((await (await app.request("/v1/articles/brief")).json()).relations.map((r: { id: string }) => r.id)).toContain("roundup");
  });

  it(`lists the copies of both stories a roundup holds, each copied more than ${MAX_LISTED} times, and stores links to both`, async () => {
    const { app, queue } = await embeddedApp();
    const n = MAX_LISTED + 5;
    // each story copied n times, a different short tail each time: every copy is a near copy of the others
    const copies = (name: string, seed: number, paragraphs: number) => Array.from({ length: n }, (_, i) => ({ id: `${name}${i}`, text: story(seed, paragraphs) + " " + story(500 + i, 1) }));
    const { jobId } = await (await app.request("/v1/articles/batch", jsonPost({ articles: [...copies("long", 11, 14), ...copies("short", 12, 8)] }))).json();
    expect((await queue.waitFor(jobId, 60_000))?.state).toBe("completed");
    const page = { id: "digest", text: story(11, 14) + "\n\n" + story(12, 8) };
    const checked = await (await app.request("/v1/check", jsonPost(page))).json();
    type Listed = { id: string; similarity: number; evidence: unknown[] };
    const of = (rs: Listed[], name: string) => rs.filter((r) => r.id.startsWith(name));
    expect(checked.relations).toHaveLength(MAX_LISTED);
    expect(checked.relationsNotListed).toBe(2 * n - MAX_LISTED);
    // the long story's copies are all more similar to the page than the short one's: by similarity alone, 50 of them
    const least = (rs: Listed[]) => Math.min(...rs.map((r) => r.similarity));
    expect(of(checked.relations, "long").length).toBeGreaterThanOrEqual(20);
    expect(of(checked.relations, "short").length).toBeGreaterThanOrEqual(20);
    expect(Math.max(...of(checked.relations, "short").map((r) => r.similarity))).toBeLessThan(least(of(checked.relations, "long")));
    for (const r of checked.relations) expect(r.evidence.length).toBeGreaterThan(0);
    await app.request("/v1/articles?wait=true", jsonPost(page));
    const stored = (await (await app.request("/v1/articles/digest")).json()).relations;
    expect(of(stored, "long").length).toBeGreaterThan(0);
    expect(of(stored, "short").length).toBeGreaterThan(0);
  });

  it("is idempotent and respects revision order", async () => {
    const { app, store } = await embeddedApp();
    const v1 = { id: "x", text: story(5, 14), rev: 2 };
    const first = await (await app.request("/v1/articles?wait=true", jsonPost(v1))).json();
    expect(first.result.outcome).toBe("created");
    const again = await (await app.request("/v1/articles?wait=true", jsonPost(v1))).json();
    expect(again.jobId).toBe(first.jobId);
    const same = await (await app.request("/v1/articles?wait=true", jsonPost({ ...v1, text: ` ${v1.text}\n` }))).json();
    expect(same.jobId).not.toBe(first.jobId);
    expect(same.result.outcome).toBe("unchanged"); // the same text after normalization, the same revision and metadata
    const retitled = await (await app.request("/v1/articles?wait=true", jsonPost({ ...v1, title: "عنوان آخر" }))).json();
    expect(retitled.result.outcome).toBe("replaced"); // the same body, a new title: the stored title follows
    expect((await store.get("x"))?.meta.title).toBe("عنوان آخر");
    const older = await (await app.request("/v1/articles?wait=true", jsonPost({ id: "x", text: story(6, 14), rev: 1 }))).json();
    expect(older.result.outcome).toBe("stale");
    const newer = await (await app.request("/v1/articles?wait=true", jsonPost({ id: "x", text: story(7, 14), rev: 3 }))).json();
    expect(newer.result.outcome).toBe("replaced");
    expect((await store.get("x"))?.rev).toBe(3);
    expect(await store.size()).toBe(1);
  });

  it("deletes, then 404s", async () => {
    const { app } = await embeddedApp();
    await app.request("/v1/articles?wait=true", jsonPost({ id: "gone", text: story(8, 12) }));
    expect((await app.request("/v1/articles/gone", { method: "DELETE" })).status).toBe(200);
    expect((await app.request("/v1/articles/gone")).status).toBe(404);
    expect((await app.request("/v1/articles/gone", { method: "DELETE" })).status).toBe(404);
    expect((await app.request("/v1/clusters/gone")).status).toBe(404);
  });

  it("a DELETE right after a POST wins, also after a restart: the queued write does not bring the article back", async () => {
    const first = await embeddedApp();
    expect((await first.app.request("/v1/articles", jsonPost({ id: "pulled", text: story(13, 12) }))).status).toBe(202);
    const del = await first.app.request("/v1/articles/pulled", { method: "DELETE" });
    expect([200, 404]).toContain(del.status); // 404 when the write had not run yet when the DELETE came
    expect((await first.app.request("/v1/articles/pulled")).status).toBe(404);
    await first.queue.close();
    const second = await embeddedApp({ dataDir: first.dataDir });
    expect((await second.app.request("/v1/articles/pulled")).status).toBe(404);
  });

  it("keeps what was acknowledged across a restart (append-only log replay)", async () => {
    const first = await embeddedApp();
    await first.app.request("/v1/articles?wait=true", jsonPost({ id: "keep", text: story(9, 12) }));
    await first.app.request("/v1/articles?wait=true", jsonPost({ id: "drop", text: story(10, 12) }));
    const queued = await first.app.request("/v1/articles", jsonPost({ id: "queued", text: story(11, 12) }));
    expect(queued.status).toBe(202);
    await first.app.request("/v1/articles/drop", { method: "DELETE" });
    await first.queue.close();
    const second = await embeddedApp({ dataDir: first.dataDir });
    expect(second.replayed).toBe(4);
    expect((await second.app.request("/v1/articles/keep")).status).toBe(200);
    expect((await second.app.request("/v1/articles/queued")).status).toBe(200);
    expect((await second.app.request("/v1/articles/drop")).status).toBe(404);
  });

  it("serves health, readiness, metrics and the OpenAPI document", async () => {
    const { app } = await embeddedApp();
    await app.request("/v1/articles?wait=true", jsonPost({ id: "m", text: story(12, 12) }));
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    expect((await app.request("/readyz")).status).toBe(200);
    const m = await (await app.request("/metrics")).text();
    expect(m).toMatch(/tikrar_http_requests_total\{method="POST",route="\/v1\/articles",status="200"\} 1/);
    expect(m).toMatch(/tikrar_http_request_duration_seconds_bucket/);
    expect(m).toMatch(/tikrar_index_articles 1/);
    expect(m).toMatch(/tikrar_queue_depth 0/);
    const doc = await (await app.request("/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/articles", "/v1/articles/batch", "/v1/check", "/v1/articles/{id}", "/v1/clusters/{id}", "/v1/jobs/{id}"]));
  });

  it("answers over a real socket while a large batch is being ingested", async () => {
    const { app, queue } = await embeddedApp();
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
    try {
      await new Promise((resolve) => server.once("listening", resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const articles = Array.from({ length: 3000 }, (_, i) => ({ id: `bulk-${i}`, text: story(200 + (i % 400), 8) + ` ${i}` }));
      const posted = await fetch(`${base}/v1/articles/batch`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ articles }), signal: AbortSignal.timeout(20_000) });
      expect(posted.status).toBe(202);
      const { jobId } = await posted.json();
      const health = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(20_000) });
      expect(health.status).toBe(200);
      // The batch is ingested in slices with the event loop let run between them, so the request
      // was answered while the job was still running (it used to wait for the whole batch).
      expect((await queue.getJob(jobId))?.state).toBe("active");
      expect((await queue.waitFor(jobId, 20_000))?.state).toBe("completed");
    } finally {
      await queue.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
