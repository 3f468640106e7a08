import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryIndexStore } from "../../src/adapters/memory/memory-index-store.js";
import { RedisIndexStore } from "../../src/adapters/redis/redis-index-store.js";
import { ArticleService } from "../../src/app/article-service.js";
import { toStored } from "../../src/core/match.js";
import { specKey } from "../../src/core/signature-spec.js";
import type { IndexStore } from "../../src/ports.js";
import { testEngine } from "../helpers/engine.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";

let server: RedisServer;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server?.stop(); });

const reprint = (seed: number) => "الرياض - واس: " + story(seed, 16).replace(/الوزير/g, "المسؤول");
const linked = (store: IndexStore, id: string) => store.links(id).then((ls) => ls.map((l) => l.id).sort());

/**
 * Writers that overlap (a worker's concurrent jobs, several workers) each query the index before
 * the other has written: without the upsert's newcomers, copies arriving together never meet.
 */
for (const kind of ["memory", "redis"] as const) {
  describe(`concurrent ingestion (${kind} store)`, () => {
    const fresh = async () => {
      const e = await testEngine();
      const store: IndexStore = kind === "memory"
        ? new MemoryIndexStore(specKey(e.options.spec), e.options.spec.numPerm, e.lsh)
        : new RedisIndexStore(new Redis(server.url), randomPrefix(), e.lsh, true);
      let t = 0;
      return { store, service: () => new ArticleService(e, store, { now: () => ++t }) };
    };

    it("links two copies ingested at the same time, and the second's result names the first", async () => {
      const { store, service } = await fresh();
      try {
        const [x, y] = await Promise.all([service().ingest({ id: "x", text: story(7, 16) }), service().ingest({ id: "y", text: reprint(7) })]);
        expect(await linked(store, "x")).toEqual(["y"]);
        expect(await linked(store, "y")).toEqual(["x"]);
        // Exactly one side saw the other (the one written second).
        expect([...x.relations, ...y.relations].map((r) => r.id).sort()).toEqual(["x"]);
        expect(y.relations[0]?.relation).toBe("near_duplicate");
      } finally { await store.close(); }
    });

    it("links copies across batches ingested at the same time, as one batch would", async () => {
      const { store, service } = await fresh();
      try {
        const first = Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, text: story(900 + i, 12) }));
        const second = Array.from({ length: 40 }, (_, i) => ({ id: `b${i}`, text: reprint(900 + i) }));
        await Promise.all([service().ingestMany(first), service().ingestMany(second)]);
        for (let i = 0; i < 40; i++) expect(await linked(store, `b${i}`)).toEqual([`a${i}`]);
      } finally { await store.close(); }
    });

    it("an article another writer replaced meanwhile is related once, by its new content", async () => {
      const { store, service } = await fresh();
      try {
        const full = story(9, 16);
        await service().ingest({ id: "x", text: full.split("\n\n").slice(0, 5).join("\n\n") }); // a lead cut at first
        // x's new version is written between y's query (which saw the lead cut) and y's write
        const [, y] = await Promise.all([service().ingest({ id: "x", text: full }), service().ingest({ id: "y", text: reprint(9) })]);
        expect(y.relations.map((r) => `${r.id}:${r.relation}`)).toEqual(["x:near_duplicate"]);
        expect((await store.links("y")).map((l) => `${l.id}:${l.kind}`)).toEqual(["x:near_duplicate"]);
      } finally { await store.close(); }
    });

    it("an unchanged re-ingest restores links a crash between write and links lost", async () => {
      const { store, service } = await fresh();
      try {
        const svc = service();
        await svc.ingest({ id: "x", text: story(8, 16) });
        const e = await testEngine();
        // y written without its links, as a job that stopped right after its upsert leaves it
        await store.upsert(toStored(e.analyze({ id: "y", text: reprint(8) }), 5, 0), []);
        expect(await linked(store, "y")).toEqual([]);
        const again = await svc.ingest({ id: "y", text: reprint(8) });
        expect(again.outcome).toBe("unchanged");
        expect(await linked(store, "y")).toEqual(["x"]);
        expect(await linked(store, "x")).toEqual(["y"]);
      } finally { await store.close(); }
    });
  });
}
