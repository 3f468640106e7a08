import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { beforeAll, describe, expect, it } from "vitest";
import { embeddedApp, jsonPost } from "../helpers/app.js";

type App = Awaited<ReturnType<typeof embeddedApp>>;
let t: App;
beforeAll(async () => { t = await embeddedApp({ maxBodyBytes: 64 * 1024, maxBatchBytes: 4 * 1024 * 1024 }); });

const SECRET = "SECRET-INPUT-VALUE";
/** "السلام عليكم" in windows-1256, as a scraper that kept a page's bytes would send it. */
const WINDOWS_1256_PAGE = Buffer.from([0xc7, 0xe1, 0xd3, 0xe1, 0xc7, 0xe3, 0x20, 0xda, 0xe1, 0xed, 0xdf, 0xe3]);

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const text = await res.text();
  expect(text).not.toContain(SECRET); // errors never echo the input
  const body = JSON.parse(text);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body;
}

describe("bad input: every case is a 4xx JSON error and the server stays up", () => {
  it.each([
    ["malformed JSON", `{"id": "${SECRET}", "text": `, 400, "malformed_json"],
    ["not an object", `"${SECRET}"`, 400, "validation_failed"],
    ["wrong types", { id: 5, text: [SECRET] }, 400, "validation_failed"],
    ["missing text", { id: "a" }, 400, "validation_failed"],
    ["empty text", { id: "a", text: "" }, 400, "validation_failed"],
    ["whitespace-only text", { id: "a", text: " \n\t " }, 400, "validation_failed"],
    ["id with a colon", { id: "a:b", text: SECRET }, 400, "validation_failed"],
    ["empty id", { id: "", text: SECRET }, 400, "validation_failed"],
    ["bad publishedAt", { id: "a", text: "نص", publishedAt: SECRET }, 400, "validation_failed"],
    ["negative rev", { id: "a", text: "نص", rev: -1 }, 400, "validation_failed"],
  ])("%s", async (_name, body, status, code) => {
    await expectError(await t.app.request("/v1/articles", jsonPost(body)), status, code);
    await expectError(await t.app.request("/v1/check", jsonPost(body)), status, code);
  });

  it("names the failing fields", async () => {
    const body = await expectError(await t.app.request("/v1/articles", jsonPost({ id: 5, text: "x", title: 7 })), 400, "validation_failed");
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["id", "title"]);
  });

  it("a lone surrogate, escaped or raw, is refused", async () => {
    await expectError(await t.app.request("/v1/articles", jsonPost('{"id":"a","text":"نص \\ud800 نص"}')), 400, "validation_failed");
    await expectError(await t.app.request("/v1/articles", jsonPost({ id: "a", text: "نص \udc00" })), 400, "validation_failed");
  });

  it("text that normalizes to nothing is accepted but never matches", async () => {
    const r = await t.app.request("/v1/articles?wait=true", jsonPost({ id: "marks", text: "\u064b\u064c\u200f\u200b ،؛؟ «» ـــ" }));
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.result.outcome).toBe("too_short");
    expect(body.result.matchable).toBe(false);
    expect(body.result.relations).toEqual([]);
  });

  it("a title and text dense with ligatures that expand (ﷺ is 18 code units) are analyzed, not a 500", async () => {
    const page = { id: "salla", title: "محمد ﷺ محمد ﷺ محمد ﷺ", text: `قال الخطيب إن النبي ﷺ أوصى بالجار، وكررها ﷺ مرارا ${"ﷺ ".repeat(40)}\nوأضاف أن الوصية معروفة للناس منذ زمن طويل وأنها تتكرر في كل خطبة.` };
    const check = await t.app.request("/v1/check", jsonPost(page));
    expect(check.status).toBe(200);
    expect((await check.json()).headlines[0].text).toBe(page.title);
    const r = await t.app.request("/v1/articles?wait=true", jsonPost(page));
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.state).toBe("completed");
    expect(body.result.outcome).toBe("created");
  });

  it("wrong content type is 415", async () => {
    await expectError(await t.app.request("/v1/articles", { method: "POST", headers: { "content-type": "text/plain" }, body: SECRET }), 415, "unsupported_media_type");
    await expectError(await t.app.request("/v1/articles", { method: "POST", body: JSON.stringify({ id: "a", text: SECRET }) }), 415, "unsupported_media_type");
  });

  it("bodies over the limit are 413, for single articles and batches", async () => {
    await expectError(await t.app.request("/v1/articles", jsonPost({ id: "big", text: SECRET + "ا".repeat(100_000) })), 413, "payload_too_large");
    await expectError(await t.app.request("/v1/check", jsonPost({ id: "big", text: "ا".repeat(100_000) })), 413, "payload_too_large");
    const huge = { articles: Array.from({ length: 50 }, (_, i) => ({ id: `b${i}`, text: "ا".repeat(100_000) })) };
    await expectError(await t.app.request("/v1/articles/batch", jsonPost(huge)), 413, "payload_too_large");
  });

  it("a body that is not UTF-8 is refused, not read as replacement characters", async () => {
    for (const [path, body] of [["/v1/articles", { id: "cp1256", text: SECRET }], ["/v1/check", { id: "cp1256", text: SECRET }], ["/v1/articles/batch", { articles: [{ id: "cp1256", text: SECRET }] }]] as const) {
      const bytes = Buffer.concat([Buffer.from(JSON.stringify(body).replace(SECRET, "")), WINDOWS_1256_PAGE]); // ends inside the text: still refused for its encoding
      const res = await t.app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: bytes });
      const err = await expectError(res, 400, "malformed_json");
      expect(err.error.message).toBe("the request body is not valid UTF-8");
    }
  });

  it("over a real socket, the limit holds for a declared length and for a chunked body alike", async () => {
    const server = serve({ fetch: t.app.fetch, hostname: "127.0.0.1", port: 0 });
    try {
      await new Promise((resolve) => server.once("listening", resolve));
      const port = (server.address() as AddressInfo).port;
      // chunked: no Content-Length, so the body is counted as it streams; a fresh connection each
      // (the server closes one whose body it did not read)
      const post = (body: string | Buffer, chunked: boolean) => new Promise<Response>((resolve, reject) => {
        const headers: Record<string, string | number> = { "content-type": "application/json" };
        if (!chunked) headers["content-length"] = Buffer.byteLength(body);
        const req = httpRequest({ host: "127.0.0.1", port, path: "/v1/articles", method: "POST", headers, agent: false }, (res) => {
          const parts: Buffer[] = [];
          res.on("data", (d: Buffer) => parts.push(d));
          res.on("end", () => resolve(new Response(Buffer.concat(parts), { status: res.statusCode, headers: { "content-type": String(res.headers["content-type"]) } })));
        });
        req.on("error", reject);
        if (chunked) { for (let i = 0; i < body.length; i += 8192) req.write(body.slice(i, i + 8192)); req.end(); } else req.end(body);
      });
      const big = JSON.stringify({ id: "big", text: SECRET + "ا".repeat(100_000) });
      for (const chunked of [false, true]) {
        await expectError(await post(big, chunked), 413, "payload_too_large");
        const ok = await post(JSON.stringify({ id: `fits-${chunked}`, text: "نص يتسع للحد" }), chunked);
        expect(ok.status).toBe(202);
        const cp1256 = Buffer.concat([Buffer.from('{"id":"cp1256","text":"'), WINDOWS_1256_PAGE, Buffer.from('"}')]);
        expect((await expectError(await post(cp1256, chunked), 400, "malformed_json")).error.message).toBe("the request body is not valid UTF-8");
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("unknown routes and methods are 404 JSON", async () => {
    await expectError(await t.app.request("/nope"), 404, "not_found");
    await expectError(await t.app.request("/v1/articles", { method: "PUT" }), 404, "not_found");
  });

  it("a bad batch is refused whole, with the failing article's path", async () => {
    const body = await expectError(await t.app.request("/v1/articles/batch", jsonPost({ articles: [{ id: "ok", text: "نص" }, { id: "bad:id", text: SECRET }] })), 400, "validation_failed");
    expect(body.error.issues[0].path).toBe("articles.1.id");
    await expectError(await t.app.request("/v1/articles/batch", jsonPost({ articles: [] })), 400, "validation_failed");
  });

  it("a batch of 10,000 bad articles lists its first 100 issues and counts the rest", async () => {
    const articles = Array.from({ length: 10_000 }, (_, i) => ({ id: `${SECRET}:${i}`, text: SECRET }));
    const res = await t.app.request("/v1/articles/batch", jsonPost({ articles }));
    const text = await res.clone().text();
    const body = await expectError(res, 400, "validation_failed");
    expect(body.error.issues).toHaveLength(100);
    expect(body.error.issues[0].path).toBe("articles.0.id");
    expect(body.error.issues[99].path).toBe("articles.99.id");
    expect(body.error.issuesNotListed).toBe(9_900);
    expect(body.error.message).toBe("the request does not match the schema (10000 issues; the first 100 are listed)");
    expect(text.length).toBeLessThan(20_000); // listing each issue made ~1 MB
    // exactly 100 issues: all listed, nothing counted apart
    const hundred = await expectError(await t.app.request("/v1/articles/batch", jsonPost({ articles: articles.slice(0, 100) })), 400, "validation_failed");
    expect(hundred.error.issues).toHaveLength(100);
    expect(hundred.error).not.toHaveProperty("issuesNotListed");
    expect(hundred.error.message).toBe("the request does not match the schema");
  });

  it("10,000 tiny articles in one batch are one job, and the server stays up", async () => {
    const articles = Array.from({ length: 10_000 }, (_, i) => ({ id: `tiny-${i}`, text: `خبر ${i}` }));
    const r = await t.app.request("/v1/articles/batch", jsonPost({ articles }));
    expect(r.status).toBe(202);
    const { jobId } = await r.json();
    const s = await t.queue.waitFor(jobId, 20_000);
    expect(s?.state).toBe("completed");
    expect((s?.result as { count: number }).count).toBe(10_000);
    expect((await t.app.request("/healthz")).status).toBe(200);
    const over = await t.app.request("/v1/articles/batch", jsonPost({ articles: [...articles, { id: "one-more", text: "خبر" }] }));
    await expectError(over, 400, "validation_failed");
  });
});
