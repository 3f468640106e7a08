import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUCKET_LEVELS, bucketNames, bucketOf, KEY_LAYOUT, RedisIndexStore, type BucketKind } from "../../src/adapters/redis/redis-index-store.js";
import { registerScripts } from "../../src/adapters/redis/scripts.js";
import { TickBatch } from "../../src/adapters/redis/tick-batch.js";
import { anchorsOf, anchorWeight } from "../../src/core/anchors.js";
import { encodeArticle } from "../../src/core/article-codec.js";
import { bandKeys } from "../../src/core/lsh-index.js";
import { toStored } from "../../src/core/match.js";
import { keysOfSketch, TITLE_BANDS } from "../../src/core/title-index.js";
import type { Engine } from "../../src/core/engine.js";
import { testEngine } from "../helpers/engine.js";
import { decodeBucket } from "../helpers/redis-buckets.js";
import { checkIndex } from "../helpers/redis-fsck.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";
import { indexStoreContract } from "./index-store.contract.js";

let server: RedisServer;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server?.stop(); });

indexStoreContract("redis", async () => {
  const e = await testEngine();
  return new RedisIndexStore(new Redis(server.url, { maxRetriesPerRequest: null }), randomPrefix(), e.lsh, true);
});

describe("Redis key layout", () => {
  /**
   * Bucket entries under a namespace, as "kind key slot" strings ("N key slot count" for anchors),
   * each key made whole from its bucket's prefix and its residue; every entry must sit in the bucket
   * its key has at the namespace's growth.
   */
  async function bucketEntries(r: Redis, ns: string): Promise<string[]> {
    const out: string[] = [];
    const growth = Number((await r.get(`${ns}g`)) ?? 0);
    for (const kind of ["B", "N", "H"] as const) {
      for (const k of await r.keys(`${ns}${kind}:*`)) {
        const { entries, problems } = decodeBucket(k, kind, (await r.getBuffer(k))!);
        expect(problems).toEqual([]);
        for (const { key, slot, weight } of entries) {
          expect(`${ns}${kind}:${bucketOf(kind, key, growth).code}`).toBe(k);
          out.push(`${kind} ${key} ${slot}${weight === undefined ? "" : ` ${weight}`}`);
        }
      }
    }
    return out.sort();
  }

  /** A store under a fresh prefix, on its own connection (closed afterwards). */
  async function withStore(body: (s: { e: Engine; r: Redis; ns: string; store: RedisIndexStore }) => Promise<void>): Promise<void> {
    const e = await testEngine();
    const r = new Redis(server.url);
    const prefix = randomPrefix();
    try { await body({ e, r, ns: `${prefix}:${KEY_LAYOUT}:`, store: new RedisIndexStore(r, prefix, e.lsh) }); } finally { r.disconnect(); }
  }

  it("stores the band keys, anchors and title keys the core computes, and removal (re-deriving them in Lua) leaves no bucket entry", () => withStore(async ({ e, r, ns, store }) => {
    const titles = ["انطلاق أعمال القمة العربية في الرياض بحضور القادة", undefined, "الأمطار الغزيرة تغلق الطرق في عدة مدن شمالية", "ارتفاع أسعار الذهب إلى مستوى قياسي جديد", "فوز المنتخب الوطني في مباراة ودية أمام ضيفه"];
    const articles = [1, 2, 3, 4, 5].map((seed) => toStored(e.analyze({ id: `k${seed}`, title: titles[seed - 1], text: story(200 + seed, 16) }), seed, 0, true));
    for (const a of articles) await store.upsert(a, []);
    const expected: string[] = [];
    for (const [i, a] of articles.entries()) {
      const slot = i + 1;
      for (const k of bandKeys(a.signature.values, e.lsh)) expected.push(`B ${k} ${slot}`);
      const anchors = anchorsOf(a.fingerprints);
      for (const k of anchors) expected.push(`N ${k} ${slot} ${Math.min(anchorWeight(anchors), 255)}`);
      for (const k of a.titleSketch ? keysOfSketch(a.titleSketch) : []) expected.push(`H ${k} ${slot}`);
    }
    expect(expected.filter((x) => x.startsWith("H ")).length).toBeGreaterThanOrEqual(4 * TITLE_BANDS.bands - 1); // four titled articles (two keys may coincide)
    expect(await bucketEntries(r, ns)).toEqual(expected.sort());
    // a new version of k1 replaces the old memberships; then everything is removed
    await store.upsert(toStored(e.analyze({ id: "k1", title: "عنوان جديد تماما لخبر القمة بعد تحديثه", text: story(300, 16) }), 9, 1, true), []);
    for (const a of articles) expect(await store.remove(a.id)).toBe(true);
    expect(await bucketEntries(r, ns)).toEqual([]);
    expect(await r.keys(`${ns}a:*`)).toEqual([]);
  }));

  it("keeps an entry for each of an article's keys that share a bucket (one read and one write per bucket), and removal drops them all", () => withStore(async ({ e, r, ns, store }) => {
    let x = 12345;
    const rnd = () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x; };
    const sharesBucket = (keys: Uint32Array, kind: BucketKind) => new Set(Array.from(keys, (k) => bucketOf(kind, k, 0).code)).size < keys.length;
    const base = toStored(e.analyze({ id: "twice", text: story(77, 16) }), 1, 0);
    let values = base.signature.values;
    while (!sharesBucket(bandKeys(values, e.lsh), "B")) values = values.map(() => rnd() & 0xffff); // 16-bit signature values
    let hashes = base.fingerprints.hashes;
    while (!sharesBucket(anchorsOf({ hashes }), "N")) hashes = hashes.map(() => rnd());
    const article = { ...base, signature: { ...base.signature, values }, fingerprints: { ...base.fingerprints, hashes } };
    await store.upsert(article, []);
    const anchors = anchorsOf(article.fingerprints);
    const expected = [
      ...Array.from(bandKeys(values, e.lsh), (k) => `B ${k} 1`),
      ...Array.from(anchors, (k) => `N ${k} 1 ${Math.min(anchorWeight(anchors), 255)}`),
    ];
    expect(await bucketEntries(r, ns)).toEqual(expected.sort());
    expect((await store.findCandidates({ signature: article.signature, contentHash: "", anchors })).ids).toEqual(["twice"]);
    expect(await store.remove("twice")).toBe(true);
    expect(await bucketEntries(r, ns)).toEqual([]);
  }));

  it("splits buckets as the index grows, whichever growth a writer last saw: every entry stays in its key's bucket, every article is found, removal leaves nothing", () => withStore(async ({ e, r, ns, store }) => {
    const other = new RedisIndexStore(r, ns.slice(0, -`${KEY_LAYOUT}:`.length - 1), e.lsh); // a second writer: its growth is stale whenever the first one's write grew the index
    expect(other.ns).toBe(ns);
    const articles = Array.from({ length: 1_300 }, (_, i) => toStored(e.analyze({ id: `g${i}`, title: i % 3 ? `عنوان الخبر رقم ${i} عن خطة الحكومة` : undefined, text: story(5_000 + i, 6) }), 1, 0, true));
    for (const [i, a] of articles.entries()) await (i % 2 ? other : store).upsert(a, []);
    const growth = Number(await r.get(`${ns}g`));
    const { min, load, step } = BUCKET_LEVELS;
    expect(growth).toBe(Math.floor((Math.floor(1_300 / load) - 2 ** min) / step) * step); // 256 + growth buckets: 1,300 articles at `load` a bucket, in steps
    expect(growth).toBeGreaterThan(0);
    expect(await checkIndex(r, ns, e.lsh)).toEqual([]);
    expect(await r.exists(`${ns}B:${bucketOf("B", 0, 0).code}`)).toBe(0); // the first bucket was split
    for (const a of articles.filter((_, i) => i % 50 === 0)) {
      const anchors = anchorsOf(a.fingerprints);
      for (const s of [store, other]) expect((await s.findCandidates({ signature: a.signature, contentHash: "", anchors })).ids).toContain(a.id);
    }
    for (const a of articles) await store.remove(a.id);
    expect(await bucketEntries(r, ns)).toEqual([]);
  }), 60_000);

  it("stays consistent through random writes, new versions, removals and withdrawals from two clients at once while the index grows", () => withStore(async ({ e, r, ns, store }) => {
    const r2 = new Redis(server.url);
    try {
      const other = new RedisIndexStore(r2, ns.slice(0, -`${KEY_LAYOUT}:`.length - 1), e.lsh);
      let x = 4242;
      const rnd = (n: number) => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
      const words = ["الحكومة", "المنتخب", "الأمطار", "الذهب", "القمة", "الرياض", "جدة", "الطرق", "المدارس", "الوزير", "الأسعار", "النفط", "المطار", "الجامعة", "المستشفى", "السياحة", "الملعب", "الشركة", "البنك", "السوق", "المعرض", "الطلاب", "الموسم", "الكهرباء", "المياه", "الصحة", "التعليم", "الإسكان", "النقل", "الزراعة"];
      // titles of random words, so no title key is held by as many articles as its cap (which removals would make look like a lost entry)
      const title = () => Array.from({ length: 6 }, () => words[rnd(words.length)]).join(" ");
      const live = new Map<string, number>(); // id -> last revision written
      let seed = 20_000, pending: Promise<unknown>[] = [];
      for (let i = 0; i < 2_400; i++) {
        const s = rnd(2) ? store : other, op = rnd(100), ids = [...live.keys()];
        if (op < 70 || ids.length < 10) {
          live.set(`w${i}`, 1);
          pending.push(s.upsert(toStored(e.analyze({ id: `w${i}`, title: rnd(3) ? title() : undefined, text: story(seed++, 3 + rnd(6)) }), 1, 0, true), []));
        } else if (op < 85) {
          const id = ids[rnd(ids.length)], rev = live.get(id)! + 1;
          live.set(id, rev);
          pending.push(s.upsert(toStored(e.analyze({ id, title: title(), text: story(seed++, 3 + rnd(6)) }), rev, 0, true), []));
        } else {
          const id = ids[rnd(ids.length)];
          pending.push(op < 95 ? s.remove(id) : s.withdraw(id, live.get(id)! + 1));
          live.delete(id);
        }
        if (pending.length === 40) { await Promise.all(pending); pending = []; }
      }
      await Promise.all(pending);
      expect(Number(await r.get(`${ns}g`))).toBeGreaterThanOrEqual(BUCKET_LEVELS.step * 8);
      expect(await checkIndex(r, ns, e.lsh)).toEqual([]);
      for (const id of [...live.keys()].filter((_, i) => i % 10 === 0)) {
        const a = (await store.get(id))!;
        expect((await other.findCandidates({ signature: a.signature, contentHash: "", anchors: anchorsOf(a.fingerprints) })).ids).toContain(id);
      }
    } finally { r2.disconnect(); }
  }), 60_000);

  it("splits buckets across level 16, where an entry's residue loses its third byte, and finds each article by any of its keys before and after", () => withStore(async ({ e, r, ns, store }) => {
    const start = 2 ** 16 - 4 - 256; // 2^16 - 4 buckets of each kind: 32,764 of the 32,768 of level 15 split to 16
    await r.set(`${ns}g`, String(start));
    let x = 777;
    const rnd = () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x >>> 16; };
    // articles with a band key in a bucket the next step splits: level 15 prefixes 32,764..32,767 (to level 16), level 16 prefixes 0..3 (to 17)
    const splitNext = (k: number) => { const b = bucketOf("B", k, start); return (b.level === 15 && b.prefix >= 32_764) || (b.level === 16 && b.prefix < 4); };
    const articles = Array.from({ length: 6 }, (_, i) => {
      const base = toStored(e.analyze({ id: `s${i}`, title: `عنوان الخبر رقم ${i}`, text: story(7_000 + i, 16) }), 1, 0, true);
      let values = base.signature.values;
      while (!bandKeys(values, e.lsh).some((k) => splitNext(k) && (i < 3) === (bucketOf("B", k, start).level === 15))) values = values.map(() => rnd());
      return { ...base, signature: { ...base.signature, values } };
    });
    for (const a of articles) await store.upsert(a, []);
    const find = async (s: RedisIndexStore, a: (typeof articles)[number]) => (await s.findCandidates({ signature: a.signature, contentHash: "", anchors: anchorsOf(a.fingerprints) })).ids;
    for (const a of articles) expect(await find(store, a)).toContain(a.id);
    const before = await bucketEntries(r, ns);
    await r.set(`${ns}count`, String(BUCKET_LEVELS.load * (start + 256 + BUCKET_LEVELS.step) - 1)); // the next write finds the index a step behind its load
    const last = toStored(e.analyze({ id: "last", text: story(7_100, 16) }), 1, 0, true);
    await store.upsert(last, []);
    await r.set(`${ns}count`, String(articles.length + 1));
    expect(Number(await r.get(`${ns}g`))).toBe(start + BUCKET_LEVELS.step);
    const after = await bucketEntries(r, ns); // decodes each bucket at its level's residue width, and checks each key's bucket at the new growth
    expect(after.filter((l) => !l.endsWith(` ${articles.length + 1}`) && !l.includes(` ${articles.length + 1} `))).toEqual(before);
    const moved = articles.flatMap((a) => Array.from(bandKeys(a.signature.values, e.lsh)).filter(splitNext).map((k) => bucketOf("B", k, start + BUCKET_LEVELS.step)));
    expect(new Set(moved.map((b) => b.level))).toEqual(new Set([16, 17]));
    expect(await checkIndex(r, ns, e.lsh)).toEqual([]);
    const stale = new RedisIndexStore(r, ns.slice(0, -`${KEY_LAYOUT}:`.length - 1), e.lsh); // names at growth 0: the script computes them again
    for (const a of articles) for (const s of [store, stale]) expect(await find(s, a)).toContain(a.id);
    for (const a of [...articles, last]) expect(await store.remove(a.id)).toBe(true);
    expect(await bucketEntries(r, ns)).toEqual([]);
  }));

  it("keeps a link as a short value that reads back exactly, so an article's links stay a compact hash", () => withStore(async ({ e, r, ns, store }) => {
    await store.upsert(toStored(e.analyze({ id: "لينك 1", text: story(811, 16) }), 1, 0), []);
    const r3 = (x: number) => Math.round(x * 1000) / 1000; // as relations round them (src/core/relations.ts)
    const links = Array.from({ length: 50 }, (_, i) => ({ id: "لينك 1", kind: (["duplicate", "near_duplicate", "partial"] as const)[i % 3], similarity: r3(1 / (i + 3)), containment: [r3(Math.PI / (i + 4)), i === 0 ? 1 : r3(0.01 * i)] as [number, number] }));
    for (const [i, l] of links.entries()) {
      await store.upsert(toStored(e.analyze({ id: `other ${i}`, text: story(812 + i, 16) }), 1, 0), [l]);
      expect(await store.links(`other ${i}`)).toEqual([l]);
    }
    const back = await store.links("لينك 1");
    expect(back.map((l) => l.id).sort()).toEqual(links.map((_, i) => `other ${i}`).sort());
    expect(back.find((l) => l.id === "other 7")).toEqual({ id: "other 7", kind: "near_duplicate", similarity: 0.1, containment: [0.07, 0.286] });
    for (const v of Object.values(await r.hgetall(`${ns}l:لينك 1`))) expect(Buffer.byteLength(v)).toBeLessThanOrEqual(64);
    expect(await r.object("ENCODING", `${ns}l:لينك 1`)).toBe("listpack");
    // any number reads back exactly
    const odd = { id: "لينك 1", kind: "partial" as const, similarity: 1 / 3, containment: [3e-7 * 1.1, Math.PI] as [number, number] };
    await store.upsert(toStored(e.analyze({ id: "odd", text: story(899, 16) }), 1, 0), [odd]);
    expect(await store.links("odd")).toEqual([odd]);
  }));

  it("reports articles left under earlier key layouts of the same prefix", async () => {
    const e = await testEngine();
    const r = new Redis(server.url);
    const prefix = randomPrefix();
    try {
      const store = new RedisIndexStore(r, prefix, e.lsh);
      expect(await store.earlierLayouts()).toEqual([]);
      await r.set(`${prefix}:v3:count`, "42");
      await r.set(`${prefix}:v1:count`, "0");
      await r.set(`${randomPrefix()}:v2:count`, "7"); // another prefix: not ours
      expect(await store.earlierLayouts()).toEqual([{ layout: "v3", articles: 42 }]);
    } finally { r.disconnect(); }
  });

  it("indexes, finds and removes an article with more anchors than Lua's unpack takes at once (~8,000)", () => withStore(async ({ e, r, ns, store }) => {
    const letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي";
    let x = 99;
    const next = () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x >>> 8; };
    const words: string[] = [];
    for (let i = 0; i < 150_000; i++) words.push(Array.from({ length: 3 + (next() % 4) }, () => letters[next() % letters.length]).join("") + (i % 15 === 14 ? "." : ""));
    const text = words.join(" "); // ~800,000 characters of distinct words: ~10,000 anchors
    const article = toStored(e.analyze({ id: "long", text }), 1, 0);
    const anchors = anchorsOf(article.fingerprints);
    expect(anchors.length).toBeGreaterThan(8000);
    expect((await store.upsert(article, [])).outcome).toBe("created");
    expect((await store.findCandidates({ signature: article.signature, contentHash: "", anchors })).ids).toEqual(["long"]);
    expect(await r.keys(`${ns}N:*`)).not.toEqual([]);
    expect(await store.remove("long")).toBe(true);
    expect(await bucketEntries(r, ns)).toEqual([]);
  }));

  it("counts a band key only at an entry boundary of its bucket, not where its bytes straddle two fields", async () => {
    const r = registerScripts(new Redis(server.url));
    const ns = `${randomPrefix()}:${KEY_LAYOUT}:`;
    try {
      const key = 0x00030201; // residue bytes 01 02 03 (a bucket of level 8 keeps 3), bucket 0: 2^8 + 0 is "AAEA"
      const entry = (residue: number, slot: number) => { const b = Buffer.alloc(7); b.writeUIntLE(residue, 0, 3); b.writeUInt32LE(slot, 3); return b; };
      // first entry: residue bytes aa bb cc, slot bytes 01 02 03 00 (197,121), so the key's bytes appear at offset 3
      expect(bucketOf("B", key, 0).code).toBe("AAEA");
      await r.set(`${ns}B:AAEA`, Buffer.concat([entry(0xccbbaa, 197_121), entry(key, 7)]));
      await r.hset(`${ns}S:${Math.floor(197_121 / 128)}`, "197121", "straddling");
      await r.hset(`${ns}S:0`, "7", "boundary");
      await r.set(`${ns}a:straddling`, "record of straddling");
      await r.set(`${ns}a:boundary`, "record of boundary");
      const k = Buffer.alloc(4); k.writeUInt32LE(key, 0);
      const reply = await r.tikrarCandidatesBuffer(ns, k, Buffer.alloc(0), "", 10, 2, 0.2, `${ns}B:AAEA`, 1, 0);
      expect(reply.map(String)).toEqual(["0", "0", "boundary", "record of boundary"]); // the mark (no write yet), the growth, then each id with its record
    } finally { r.disconnect(); }
  });

  it("keeps both entries when two keys of one article fall in the same bucket, and finds the article by either", async () => {
    const e = await testEngine();
    const r = registerScripts(new Redis(server.url));
    const ns = `${randomPrefix()}:${KEY_LAYOUT}:`;
    try {
      const record = encodeArticle(toStored(e.analyze({ id: "twin", text: story(611, 16) }), 1, 0), e.lsh);
      // one bucket (top 8 bits 0, at growth 0), two keys, as band keys and as anchors
      const keys = new Uint32Array([0x00004001, 0x00004002]);
      const bytes = Buffer.from(keys.buffer);
      const names = bucketNames(ns, keys, keys), width = ns.length + 6;
      const band = names.slice(0, width), anchor = names.slice(2 * width, 3 * width);
      expect(names.slice(width, 2 * width)).toBe(band);
      const reply = await r.tikrarUpsert(ns, "twin", Buffer.from(record), "[]", bytes, bytes, 5, names, "", 2, 0.2, 200, "", Buffer.alloc(0), 50, 64, 64, 2, 0);
      expect(reply).toEqual(["created", "0"]);
      expect((await r.getBuffer(band))!.length).toBe(2 * 7); // two band entries of 7 bytes (a 3-byte residue at level 8)
      expect((await r.getBuffer(anchor))!.length).toBe(2 * 8); // two anchor entries of 8 bytes
      for (const key of keys) {
        const one = Buffer.from(new Uint32Array([key]).buffer);
        const found = await r.tikrarCandidatesBuffer(ns, one, Buffer.alloc(0), "", 10, 2, 0.2, bucketNames(ns, new Uint32Array([key]), new Uint32Array(0)), 1, 0);
        expect(found.slice(2).filter((_, i) => i % 2 === 0).map(String)).toEqual(["twin"]);
      }
    } finally { r.disconnect(); }
  });
});

describe("commands issued in one tick (TickBatch)", () => {
  it("go out in the order issued, and one failing command (a Redis error or a throw while adding it) fails alone", async () => {
    const e = await testEngine();
    const r = new Redis(server.url);
    try {
      const store = new RedisIndexStore(r, randomPrefix(), e.lsh);
      const v1 = toStored(e.analyze({ id: "t", text: story(501, 16) }), 1, 0), v2 = toStored(e.analyze({ id: "t", text: story(502, 16) }), 2, 0);
      // not awaited in between: all five go out in one socket write
      const all = Promise.all([store.upsert(v1, []), store.get("t"), store.remove("t"), store.upsert(v2, []), store.get("t")]);
      expect((await all).map((x) => (x && typeof x === "object" ? ("outcome" in x ? x.outcome : x.contentHash) : x))).toEqual(["created", v1.contentHash, true, "created", v2.contentHash]);
      const batch = new TickBatch(r);
      const thrower = () => { throw new Error("not a command"); };
      const results = await Promise.allSettled([batch.run((c) => c.get("nothing-here")), batch.run((c) => c.call("NO-SUCH-COMMAND")), batch.run(thrower), batch.run((c) => c.ping())]);
      expect(results.map((x) => x.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
      expect((results[0] as PromiseFulfilledResult<unknown>).value).toBe(null);
      expect((results[3] as PromiseFulfilledResult<string>).value).toBe("PONG");
      await expect(batch.run(thrower)).rejects.toThrow("not a command"); // alone in its tick
    } finally { r.disconnect(); }
  });

  it("leave in one write to the socket", async () => {
    const r = new Redis(server.url);
    try {
      await r.ping();
      const socket = r.stream as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
      const calls: string[] = [];
      for (const name of ["_write", "_writev"] as const) {
        const original = socket[name];
        socket[name] = function (this: unknown, ...a: unknown[]) { calls.push(name); return original.apply(this, a); };
      }
      const batch = new TickBatch(r);
      const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => batch.run((c) => c.echo(`m${i}`))));
      expect(replies).toEqual(["m0", "m1", "m2", "m3", "m4"]);
      expect(calls).toHaveLength(1);
    } finally { r.disconnect(); }
  });
});
