import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_LAYOUT } from "../../src/adapters/redis/redis-index-store.js";
import { TemplateSync } from "../../src/adapters/redis/template-sync.js";
import { createEngine, type Engine } from "../../src/core/engine.js";
import { splitLines } from "../../src/core/lines.js";
import { DEFAULT_TEMPLATE_OPTIONS, TemplateMemory } from "../../src/core/template-memory.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";

let server: RedisServer;
const clients: Redis[] = [];
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { for (const c of clients) c.disconnect(); await server?.stop(); });
const client = () => { const c = new Redis(server.url); clients.push(c); return c; };

/** A house line with no marker: only recurrence tells it is furniture. */
const HOUSE = "نشرة الصباح من فريق التحرير الإقليمي";
const page = (i: number) => ({ id: `p${i}`, source: "site", text: `${story(700 + i, 10)}\n\n${HOUSE}` });
/** The block kind covering the house line of an analyzed page. */
const houseKind = (e: Engine, i: number) => {
  const p = page(i);
  const at = p.text.lastIndexOf(HOUSE);
  return e.analyze(p).segmentation.blocks.find((b) => b.start <= at && at < b.end)?.kind;
};

describe("template memory shared through Redis (API and workers)", () => {
  it("a line one process learned is furniture in every process, and after a restart", async () => {
    const ns = `${randomPrefix()}:${KEY_LAYOUT}:`;
    const worker = await createEngine(), api = await createEngine();
    const workerSync = new TemplateSync(client(), ns, worker.templates), apiSync = new TemplateSync(client(), ns, api.templates);
    await apiSync.sync();
    for (let i = 0; i < 3; i++) worker.analyze(page(i), { learn: true });
    expect(houseKind(worker, 9)).toBe("boilerplate");
    expect(houseKind(api, 9)).toBe("body"); // the API never learns: it only checks
    await workerSync.sync();
    await apiSync.sync();
    expect(houseKind(api, 9)).toBe("boilerplate");
    // A process started later adopts it before serving.
    const restarted = await createEngine();
    const sync = new TemplateSync(client(), ns, restarted.templates);
    await sync.start(60_000);
    expect(houseKind(restarted, 9)).toBe("boilerplate");
    await sync.stop();
    // Another source's pages are untouched.
    expect(restarted.templates.isTemplate("other site", splitLines(HOUSE)[0].key, 6)).toBe(false);
  });

  it("sends a promotion once, and keeps a source's set within its bound", async () => {
    // lines that differ in a word (short lines differing only in their numbers share a key)
    const ORDINALS = ["الأول", "الثاني", "الثالث", "الرابع"];
    const ns = `${randomPrefix()}:${KEY_LAYOUT}:`;
    const r = client();
    const memory = new TemplateMemory({ ...DEFAULT_TEMPLATE_OPTIONS, minDocsShort: 1, minDocsLong: 1 }); // every line promoted at once
    const sync = new TemplateSync(r, ns, memory, 5);
    memory.observe("site", "a", splitLines(Array.from({ length: 4 }, (_, i) => `سطر رقم ${ORDINALS[i]}`).join("\n")));
    await sync.sync();
    expect(await r.scard(`${ns}T:site`)).toBe(4);
    expect(await r.hget(`${ns}Tv`, "site")).toBe("1");
    await sync.sync(); // nothing new: the version stays
    expect(await r.hget(`${ns}Tv`, "site")).toBe("1");
    memory.observe("site", "b", splitLines(Array.from({ length: 4 }, (_, i) => `سطر آخر ${ORDINALS[i]}`).join("\n")));
    await sync.sync();
    expect(await r.scard(`${ns}T:site`)).toBe(5);
    expect(memory.adoptedCount("site")).toBe(5);
  });

  it("a promotion whose sync failed is sent by the next one", async () => {
    const ns = `${randomPrefix()}:${KEY_LAYOUT}:`;
    // Not connected and no offline queue: a command fails at once (and starts the connection).
    const r = new Redis(server.url, { lazyConnect: true, enableOfflineQueue: false });
    clients.push(r);
    const memory = new TemplateMemory({ ...DEFAULT_TEMPLATE_OPTIONS, minDocsShort: 1, minDocsLong: 1 });
    const sync = new TemplateSync(r, ns, memory);
    memory.observe("site", "a", splitLines("سطر وحيد"));
    await expect(sync.sync()).rejects.toThrow();
    if (r.status !== "ready") await new Promise((ready) => r.once("ready", ready));
    await sync.sync();
    expect(await r.scard(`${ns}T:site`)).toBe(1);
  });
});
