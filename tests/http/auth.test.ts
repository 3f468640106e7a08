import { beforeAll, describe, expect, it } from "vitest";
import { embeddedApp, jsonPost, KEYS } from "../helpers/app.js";
import { loadConfig } from "../../src/config.js";

type App = Awaited<ReturnType<typeof embeddedApp>>;
const article = { id: "auth-1", text: "خبر عن الاقتصاد الوطني والتنمية في المناطق الشمالية والجنوبية خلال العام" };

describe("auth matrix", () => {
  let keyed: App, keyedReads: App;
  beforeAll(async () => {
    keyed = await embeddedApp({ apiKeys: KEYS });
    keyedReads = await embeddedApp({ apiKeys: KEYS, readsRequireKey: true });
  });

  it.each([
    ["missing", undefined, 401],
    ["malformed (no Bearer)", KEYS[0], 401],
    ["malformed (Basic)", `Basic ${KEYS[0]}`, 401],
    ["wrong", "Bearer not-a-key", 401],
    ["a prefix of a key", `Bearer ${KEYS[0].slice(0, 5)}`, 401],
    ["the old key, still listed during rotation", `Bearer ${KEYS[0]}`, 202],
    ["the new key", `Bearer ${KEYS[1]}`, 202],
    ["the scheme in another case (schemes are case-insensitive)", `bearer ${KEYS[1]}`, 202],
    ["the scheme followed by two spaces", `BEARER  ${KEYS[0]}`, 202],
  ])("write with a %s key", async (_n, header, status) => {
    const res = await keyed.app.request("/v1/articles", jsonPost(article, header ? { authorization: header } : {}));
    expect(res.status).toBe(status);
    if (status === 401) {
      const { error } = await res.json();
      expect(error.code).toBe("unauthorized");
      expect(error.message).toBe(!header ? "a bearer API key is required" : /^Bearer /.test(header) ? "the API key is not valid" : "send the API key as Authorization: Bearer <key>");
      expect(res.headers.get("www-authenticate")).toMatch(/Bearer/);
    }
  });

  it("guards check, batch and delete too", async () => {
    expect((await keyed.app.request("/v1/check", jsonPost(article))).status).toBe(401);
    expect((await keyed.app.request("/v1/articles/batch", jsonPost({ articles: [article] }))).status).toBe(401);
    expect((await keyed.app.request("/v1/articles/x", { method: "DELETE" })).status).toBe(401);
  });

  it("reads are open by default and keyed when configured", async () => {
    expect((await keyed.app.request("/v1/articles/none")).status).toBe(404);
    expect((await keyedReads.app.request("/v1/articles/none")).status).toBe(401);
    expect((await keyedReads.app.request("/v1/articles/none", { headers: { authorization: `Bearer ${KEYS[1]}` } })).status).toBe(404);
    expect((await keyedReads.app.request("/healthz")).status).toBe(200);
  });
});

describe("configuration", () => {
  it("accepts writes without keys only on loopback, and says so", () => {
    const loop = loadConfig({});
    expect(loop.ok && loop.config.host).toBe("127.0.0.1");
    expect(loop.ok && loop.config.jobResultBytes).toBe(64 * 1024 * 1024);
    const budget = loadConfig({ TIKRAR_JOB_RESULTS_MB: "512" });
    expect(budget.ok && budget.config.jobResultBytes).toBe(512 * 1024 * 1024);
    expect(loop.ok && loop.warnings[0]).toMatch(/no API keys/);
    const open = loadConfig({ HOST: "0.0.0.0" });
    expect(open.ok).toBe(false);
    expect(!open.ok && open.message).toMatch(/TIKRAR_API_KEYS/);
    expect(loadConfig({ HOST: "0.0.0.0", TIKRAR_API_KEYS: "a,b" }).ok).toBe(true);
  });

  it("names every problem at once", () => {
    const r = loadConfig({ PORT: "http", REDIS_URL: "nope", TIKRAR_READS: "sometimes", TIKRAR_WORKER_LOCK_MS: "10", TIKRAR_JOB_RESULTS_MB: "0" });
    expect(r.ok).toBe(false);
    if (!r.ok) for (const k of ["PORT", "REDIS_URL", "TIKRAR_READS", "TIKRAR_WORKER_LOCK_MS", "TIKRAR_JOB_RESULTS_MB"]) expect(r.message).toContain(k);
  });
});
