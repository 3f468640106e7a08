import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { MemoryIndexStore } from "../../src/adapters/memory/memory-index-store.js";
import { embeddedApp, jsonPost } from "../helpers/app.js";
import { runUnderFileLimit } from "../helpers/file-limit.js";
import { story } from "../helpers/seeds.js";

type App = Awaited<ReturnType<typeof embeddedApp>>["app"];
const IDS = ["x", "y", "z", "w", "p", "q", "w-copy", "x-reprint"];

/** Everything a reader can see of the index: each article (or its absence), relations and cluster. */
async function state(app: App) {
  const out: Record<string, unknown> = {};
  for (const id of IDS) {
    const r = await app.request(`/v1/articles/${id}`);
    if (r.status !== 200) { out[id] = r.status; continue; }
    const a = await r.json();
    out[id] = { ...a, relations: [...a.relations].sort((l: { id: string }, m: { id: string }) => l.id.localeCompare(m.id)) };
  }
  return out;
}

describe("embedded log: replay and compaction", () => {
  it("compacts a log that is mostly dead and rebuilds the same index from it", async () => {
    const first = await embeddedApp();
    const send = async (body: unknown, path = "/v1/articles?wait=true") => (await first.app.request(path, jsonPost(body))).json();
    expect((await send({ id: "x", text: story(30, 14) })).result.outcome).toBe("created");
    expect((await send({ id: "x", text: story(31, 14) })).result.outcome).toBe("replaced");
    await send({ id: "y", text: story(32, 14) });
    expect((await first.app.request("/v1/articles/y", { method: "DELETE" })).status).toBe(200);
    await send({ id: "z", text: story(33, 14) });
    expect((await send({ id: "z", text: `${story(33, 14)} ` })).result.outcome).toBe("unchanged"); // another job, the same normalized text
    await send({ id: "w", text: story(34, 14), rev: 2 });
    expect((await send({ id: "w", text: story(35, 14), rev: 1 })).result.outcome).toBe("stale");
    const { jobId } = await send({ articles: [{ id: "p", text: story(36, 14) }, { id: "q", text: story(37, 14) }, { id: "w-copy", text: "جدة - واس: " + story(34, 14) }] }, "/v1/articles/batch");
    expect((await first.queue.waitFor(jobId, 5_000))?.state).toBe("completed");
    await send({ id: "p", text: story(38, 14) });
    await send({ id: "x-reprint", text: "الرياض - واس: " + story(31, 14) });
    await first.queue.close();
    const before = await state(first.app);
    expect(before).toMatchObject({ y: 404, x: { relations: [{ id: "x-reprint" }] }, w: { rev: 2, relations: [{ id: "w-copy" }] } });

    // 12 article writes, 7 live: x (2nd), z (1st), w (rev 2), q and w-copy (from the batch), p (2nd), x-reprint.
    const second = await embeddedApp({ dataDir: first.dataDir, compactMinDead: 5 });
    expect(second.replay).toMatchObject({ entries: 11, unreadable: 0, articleWrites: 12, live: 7, compacted: { entriesBefore: 11, entriesAfter: 6 } });
    expect(await state(second.app)).toEqual(before);
    const log = readFileSync(join(first.dataDir, "tikrar.log"), "utf8");
    for (const gone of [story(30, 14), story(32, 14), story(35, 14), story(36, 14)]) expect(log.includes(JSON.stringify(gone).slice(1, 200))).toBe(false);
    for (const kept of [story(31, 14), story(33, 14), story(37, 14), story(38, 14)]) expect(log.includes(JSON.stringify(kept).slice(1, 200))).toBe(true);

    // The compacted log replays to the same index again and has nothing left to drop.
    await second.queue.close();
    const third = await embeddedApp({ dataDir: first.dataDir, compactMinDead: 1 });
    expect(third.replay).toMatchObject({ entries: 6, articleWrites: 7, live: 7 });
    expect(third.replay.compacted).toBeUndefined();
    expect(await state(third.app)).toEqual(before);
  });

  it("replays single-article jobs without their headline lookups, to the same index", async () => {
    const first = await embeddedApp();
    const title = "واشنطن: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة";
    await first.app.request("/v1/articles?wait=true", jsonPost({ id: "x", title, text: story(50, 14) }));
    const copy = await (await first.app.request("/v1/articles?wait=true", jsonPost({ id: "y", title, text: story(51, 14) }))).json();
    expect(copy.result.headlineMatches.map((m: { id: string }) => m.id)).toEqual(["x"]); // looked up when it was ingested
    await first.queue.close();
    const before = await state(first.app);
    const lookups = vi.spyOn(MemoryIndexStore.prototype, "findTitles");
    try {
      const second = await embeddedApp({ dataDir: first.dataDir });
      expect(second.replay).toMatchObject({ entries: 2, live: 2 });
      expect(lookups).not.toHaveBeenCalled();
      expect(await state(second.app)).toEqual(before);
      // the restarted service still looks headlines up for new articles
      const third = await (await second.app.request("/v1/articles?wait=true", jsonPost({ id: "z", title, text: story(52, 14) }))).json();
      expect(third.result.headlineMatches.map((m: { id: string }) => m.id).sort()).toEqual(["x", "y"]);
      expect(lookups).toHaveBeenCalledTimes(1);
      await second.queue.close();
    } finally {
      lookups.mockRestore();
    }
  });

  it("leaves the log as it is when the compacted copy cannot be written (a full disk), and compacts at a later start", async () => {
    const first = await embeddedApp();
    for (const round of [0, 1]) for (let i = 0; i < 12; i++) {
      const r = await (await first.app.request("/v1/articles?wait=true", jsonPost({ id: `c${i}`, text: story(i + 40 * round, 14) }))).json();
      expect(r.result.outcome).toBe(round === 0 ? "created" : "replaced");
    }
    await first.queue.close();
    const path = join(first.dataDir, "tikrar.log");
    const log = readFileSync(path);
    // A file-size limit below the compacted copy's size (12 live writes of 24) stands in for a full disk.
    const limitKiB = Math.floor(log.length / 1024 / 4);
    const report = JSON.parse(runUnderFileLimit(limitKiB, "tests/helpers/replay-under-limit.ts", first.dataDir));
    expect(report).toMatchObject({ entries: 24, articleWrites: 24, live: 12 });
    expect(report.compacted).toBeUndefined();
    expect(report.compactionFailed).toMatch(/EFBIG/);
    expect(readFileSync(path).equals(log)).toBe(true); // not a byte of it lost or changed
    expect(existsSync(path + ".compact")).toBe(false);

    const later = await embeddedApp({ dataDir: first.dataDir, compactMinDead: 1 });
    expect(later.replay).toMatchObject({ entries: 24, live: 12, compacted: { entriesBefore: 24, entriesAfter: 12 } });
    for (let i = 0; i < 12; i++) {
      const a = await (await later.app.request(`/v1/articles/c${i}`)).json();
      expect(a.contentHash).toMatch(/^[0-9a-f]{16}$/);
      expect(a.contentHash).toBe((await (await first.app.request(`/v1/articles/c${i}`)).json()).contentHash);
    }
    await later.queue.close();
  }, 30_000);

  it("leaves a log alone while little of it is dead, and after a line it cannot read", async () => {
    const first = await embeddedApp();
    await first.app.request("/v1/articles?wait=true", jsonPost({ id: "x", text: story(40, 14) }));
    await first.app.request("/v1/articles?wait=true", jsonPost({ id: "x", text: story(41, 14) }));
    await first.app.request("/v1/articles?wait=true", jsonPost({ id: "y", text: story(42, 14) }));
    await first.queue.close();
    const second = await embeddedApp({ dataDir: first.dataDir, compactMinDead: 2 });
    expect(second.replay).toMatchObject({ entries: 3, articleWrites: 3, live: 2 });
    expect(second.replay.compacted).toBeUndefined();
    await second.app.request("/v1/articles?wait=true", jsonPost({ id: "y", text: story(43, 14) }));
    await second.queue.close();
    const path = join(first.dataDir, "tikrar.log");
    const lines = readFileSync(path, "utf8").split("\n");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, [lines[0], "{corrupt", ...lines.slice(1)].join("\n"));
    const third = await embeddedApp({ dataDir: first.dataDir, compactMinDead: 1 });
    expect(third.replay).toMatchObject({ entries: 4, unreadable: 1, live: 2 });
    expect(third.replay.compacted).toBeUndefined();
    expect(readFileSync(path, "utf8")).toContain("{corrupt");
    expect((await (await third.app.request("/v1/articles/y")).json()).rev).toBeDefined();
  });

  it("applies a delete after the jobs queued before it, live as in replay", async () => {
    const first = await embeddedApp();
    await first.app.request("/v1/articles?wait=true", jsonPost({ id: "x", text: story(50, 14) }));
    // A long batch that ends with a new version of x is queued, then x is deleted while it runs.
    const articles = [...Array.from({ length: 300 }, (_, i) => ({ id: `filler-${i}`, text: story(100 + i, 10) })), { id: "x", text: story(51, 14) }];
    const { jobId } = await (await first.app.request("/v1/articles/batch", jsonPost({ articles }))).json();
    expect((await first.app.request("/v1/articles/x", { method: "DELETE" })).status).toBe(200);
    expect((await first.queue.waitFor(jobId, 20_000))?.state).toBe("completed");
    expect((await first.app.request("/v1/articles/x")).status).toBe(404);
    await first.queue.close();
    const second = await embeddedApp({ dataDir: first.dataDir });
    expect((await second.app.request("/v1/articles/x")).status).toBe(404);
    expect((await second.app.request("/v1/articles/filler-299")).status).toBe(200);
  });
});
