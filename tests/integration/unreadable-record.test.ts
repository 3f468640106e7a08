import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { KEY_LAYOUT } from "../../src/adapters/redis/redis-index-store.js";
import { composeRedis } from "../../src/entry/redis.js";
import { createApp } from "../../src/http/app.js";
import { Metrics } from "../../src/http/metrics.js";
import { systemClock, UnreadableRecordError } from "../../src/ports.js";
import { testEngine } from "../helpers/engine.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";

let server: RedisServer;
let parts: Awaited<ReturnType<typeof composeRedis>>;
let app: ReturnType<typeof createApp>;
let raw: Redis;
const prefix = randomPrefix();
const ns = `${prefix}:${KEY_LAYOUT}:`;

beforeAll(async () => {
  server = await startRedis();
  parts = await composeRedis(await testEngine(), { redisUrl: server.url, keyPrefix: prefix, queueName: "ingest", retry: { attempts: 1, backoffMs: 20 }, templateSyncMs: 60_000 });
  app = createApp({ ...parts, clock: systemClock, metrics: new Metrics(), config: { apiKeys: [], readsRequireKey: false, maxBodyBytes: 4 << 20, maxBatchBytes: 64 << 20, waitTimeoutMs: 1_000 } });
  raw = new Redis(server.url);
});

afterAll(async () => {
  raw?.disconnect();
  await parts?.close();
  await server?.stop();
});

const TITLE = "انطلاق أعمال القمة العربية في الرياض بحضور القادة";

describe("a stored record that does not decode", () => {
  it("is left out of checks, ingestion, headline lookups and clusters, named once in the log and counted in /metrics, while its readable copies still match; reading it says so", async () => {
    const { service, store } = parts;
    await service.ingest({ id: "u-wire", title: TITLE, text: story(70, 14) });
    await service.ingest({ id: "u-copy", title: TITLE, text: "(واس) - " + story(70, 14) });
    // the record's last byte (its absent publishedAt, a 0) made the start of a varint that never ends:
    // the scripts read the record as before, the codec refuses its meta, as it refuses any misread record
    const key = ns + "a:u-wire";
    await raw.setrange(key, (await raw.strlen(key)) - 1, "\x80");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      for (let k = 0; k < 2; k++) {
        const res = await app.request("/v1/check", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: `u-check${k}`, title: TITLE, text: story(70, 14) }) });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body.relations.map((r: { id: string }) => r.id)).toEqual(["u-copy"]);
        expect(body.headlineMatches.map((m: { id: string }) => m.id)).toEqual(["u-copy"]);
      }
      const third = await service.ingest({ id: "u-third", title: TITLE, text: story(70, 14) + " وأضاف المتحدث أن الاجتماع يستمر يومين." });
      expect(third.outcome).toBe("created");
      expect(third.relations.map((r) => r.id)).toEqual(["u-copy"]);
      expect((await store.getMany(["u-wire", "u-copy"])).map((a) => a.id)).toEqual(["u-copy"]);
      expect((await app.request("/v1/clusters/u-copy")).status).toBe(200);
      await expect(store.get("u-wire")).rejects.toThrow(UnreadableRecordError);
      const read = await app.request("/v1/articles/u-wire");
      expect(read.status).toBe(500);
      const text = await read.text();
      expect(JSON.parse(text).error).toEqual({ code: "unreadable_record", message: "the stored article cannot be read (its stored record does not decode); delete it or ingest it again" });
      expect(text).not.toContain("u-wire");
      const named = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('"u-wire"'));
      expect(named).toHaveLength(1);
      expect(named[0]).toMatch(/cannot be read \(stored article: the meta is truncated\); it is left out of matches until it is ingested again/);
    } finally {
      warn.mockRestore();
    }
    const unreadable = store.unreadable!;
    expect(unreadable).toBeGreaterThanOrEqual(8); // two checks (candidates and titles each), the ingestion's two reads, getMany, two gets
    const metrics = await (await app.request("/metrics")).text();
    expect(metrics).toContain("# TYPE tikrar_unreadable_records_total counter");
    expect(metrics).toContain(`tikrar_unreadable_records_total ${unreadable}`);
    // ingested again, it is read and matched as before
    await service.ingest({ id: "u-wire", title: TITLE, text: story(70, 14) });
    const again = await service.check({ id: "u-check9", title: TITLE, text: story(70, 14) });
    expect(again.relations.map((r) => r.id).sort()).toEqual(["u-copy", "u-third", "u-wire"]);
    expect(store.unreadable).toBe(unreadable);
    // deleted, an unreadable article leaves no trace either
    const third = ns + "a:u-third";
    await raw.setrange(third, (await raw.strlen(third)) - 1, "\x80");
    expect((await app.request("/v1/articles/u-third", { method: "DELETE" })).status).toBeLessThan(300);
    expect(await raw.exists(third, ns + "l:u-third")).toBe(0);
    expect((await service.check({ id: "u-check10", title: TITLE, text: story(70, 14) })).relations.map((r) => r.id).sort()).toEqual(["u-copy", "u-wire"]);
  });
});
