import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisIndexStore } from "../../src/adapters/redis/redis-index-store.js";
import { ArticleService } from "../../src/app/article-service.js";
import { testEngine } from "../helpers/engine.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";

let server: RedisServer;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server?.stop(); });

const TITLE = "الحكومة تعلن خطة جديدة لدعم الاقتصاد الوطني وتطوير البنية التحتية";

describe("a check against the Redis store", () => {
  it("sends its candidate query in a socket write of its own, before the headline query, and answers both", async () => {
    const e = await testEngine();
    const r = new Redis(server.url);
    try {
      const prefix = randomPrefix();
      const store = new RedisIndexStore(r, prefix, e.lsh);
      const service = new ArticleService(e, store, { now: () => 1 });
      await service.ingest({ id: "indexed", title: TITLE, text: story(801, 16) });
      // what each write to the socket carries, as text
      const socket = r.stream as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
      const writes: string[] = [];
      const text = (c: unknown) => (Buffer.isBuffer(c) ? c.toString("latin1") : String(c));
      const w = socket._write, wv = socket._writev;
      socket._write = function (this: unknown, ...a: unknown[]) { writes.push(text(a[0])); return w.apply(this, a); };
      socket._writev = function (this: unknown, ...a: unknown[]) { writes.push((a[0] as { chunk: unknown }[]).map((x) => text(x.chunk)).join("")); return wv.apply(this, a); };
      const result = await service.check({ id: "page", title: TITLE, text: story(801, 16) });
      expect(result.relations.map((x) => x.id)).toEqual(["indexed"]);
      expect(result.headlineMatches.map((m) => m.id)).toEqual(["indexed"]);
      // bucket names say which query a write carries: band ("B:") and anchor ("N:") buckets, title ("H:") buckets
      const ns = `${prefix}:`;
      const candidates = writes.findIndex((x) => x.includes(":B:") && x.startsWith("*") && x.includes(ns));
      const titles = writes.findIndex((x) => x.includes(":H:"));
      expect(candidates).toBeGreaterThanOrEqual(0);
      expect(titles).toBeGreaterThan(candidates);
      expect(writes[candidates]).not.toContain(":H:");
    } finally { r.disconnect(); }
  });
});
