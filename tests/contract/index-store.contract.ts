import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorsOf, anchorWeight, MAX_ANCHOR_POSTINGS, MIN_ANCHOR_OVERLAP } from "../../src/core/anchors.js";
import { fmix32 } from "../../src/core/hash.js";
import { MAX_BAND_POSTINGS } from "../../src/core/lsh-index.js";
import { toStored } from "../../src/core/match.js";
import type { StoredArticle } from "../../src/core/stored-article.js";
import { agreeing, MAX_TITLE_POSTINGS, titleSketch, TITLE_BANDS, TITLE_EXAMINE_LIMIT, TITLE_MIN_AGREEING, TITLE_SKETCH_BYTES } from "../../src/core/title-index.js";
import { MAX_LINKS, type IndexStore, type StoredLink } from "../../src/ports.js";
import { testEngine } from "../helpers/engine.js";
import { story } from "../helpers/seeds.js";

/** Every IndexStore implementation must pass this suite (see the guarantees in src/ports.ts). */
export function indexStoreContract(name: string, make: () => Promise<IndexStore>) {
  describe(`IndexStore contract: ${name}`, () => {
    let store: IndexStore;
    beforeAll(async () => { store = await make(); });
    afterAll(async () => { await store?.close(); });

    const article = async (id: string, seed: number, rev = 0, firstSeen = 1): Promise<StoredArticle> => {
      const e = await testEngine();
      return toStored(e.analyze({ id, text: story(seed, 14), publishedAt: "2024-08-01T00:00:00Z" }), firstSeen, rev);
    };
    const query = (a: StoredArticle, exclude?: string) => ({ signature: a.signature, contentHash: a.contentHash, anchors: anchorsOf(a.fingerprints), exclude });
    const link = (id: string): StoredLink => ({ id, kind: "near_duplicate", similarity: 0.9, containment: [0.95, 0.9] });

    it("stores and reads back an article byte for byte", async () => {
      const a = await article("c-read", 101);
      expect((await store.upsert(a, [])).outcome).toBe("created");
      const back = await store.get("c-read");
      expect(back?.contentHash).toBe(a.contentHash);
      expect(back?.rev).toBe(a.rev);
      expect(Array.from(back!.signature.values)).toEqual(Array.from(a.signature.values));
      expect(back?.signature.spec).toBe(a.signature.spec);
      expect(Array.from(back!.fingerprints.hashes)).toEqual(Array.from(a.fingerprints.hashes));
      expect(Array.from(back!.fingerprints.starts)).toEqual(Array.from(a.fingerprints.starts));
      expect(back?.meta).toEqual(a.meta);
      expect(await store.get("missing")).toBeUndefined();
    });

    it("is idempotent: same id and content is unchanged, an older revision is stale", async () => {
      const a = await article("c-idem", 102, 5);
      expect((await store.upsert(a, [])).outcome).toBe("created");
      const size = await store.size();
      expect((await store.upsert(a, [])).outcome).toBe("unchanged");
      expect((await store.upsert(await article("c-idem", 103, 4), [])).outcome).toBe("stale");
      expect(await store.size()).toBe(size);
      expect((await store.get("c-idem"))?.contentHash).toBe(a.contentHash);
    });

    it("replaces new content wholly: the old signature no longer finds it", async () => {
      const v1 = await article("c-repl", 104, 1);
      await store.upsert(v1, []);
      const v2 = await article("c-repl", 105, 2);
      expect((await store.upsert(v2, [])).outcome).toBe("replaced");
      expect((await store.findCandidates(query(v1))).ids).not.toContain("c-repl");
      expect((await store.findCandidates(query(v2))).ids).toContain("c-repl");
    });

    it("finds an identical signature, never the excluded id", async () => {
      const a = await article("c-find", 106);
      await store.upsert(a, []);
      expect((await store.findCandidates(query(a))).ids).toContain("c-find");
      expect((await store.findCandidates(query(a, "c-find"))).ids).not.toContain("c-find");
    });

    it("returns each candidate's stored article with it, as getMany reads it", async () => {
      const a = await article("c-with", 120), b = await article("c-with-2", 121);
      await store.upsert(a, []);
      await store.upsert(b, []);
      const found = await store.findCandidates(query(a));
      expect(found.ids).toContain("c-with");
      expect(found.articles.map((x) => x.id)).toEqual(found.ids);
      expect(found.articles).toEqual(await store.getMany(found.ids));
    });

    it("keeps links in both directions and removes them with either article", async () => {
      await store.upsert(await article("c-l1", 107), []);
      await store.upsert(await article("c-l2", 108), [link("c-l1")]);
      expect(await store.links("c-l2")).toEqual([link("c-l1")]);
      expect(await store.links("c-l1")).toEqual([{ id: "c-l2", kind: "near_duplicate", similarity: 0.9, containment: [0.9, 0.95] }]);
      expect(await store.remove("c-l2")).toBe(true);
      expect(await store.links("c-l1")).toEqual([]);
      expect(await store.remove("c-l2")).toBe(false);
    });

    it("ignores links to articles it does not hold", async () => {
      await store.upsert(await article("c-l3", 109), [link("nowhere")]);
      expect(await store.links("c-l3")).toEqual([]);
    });

    it("remove deletes every membership", async () => {
      const a = await article("c-rm", 110);
      await store.upsert(a, []);
      const before = await store.size();
      await store.remove("c-rm");
      expect(await store.size()).toBe(before - 1);
      expect(await store.get("c-rm")).toBeUndefined();
      expect((await store.findCandidates(query(a))).ids).not.toContain("c-rm");
    });

    it("getMany skips missing ids and keeps order", async () => {
      await store.upsert(await article("c-m1", 111), []);
      await store.upsert(await article("c-m2", 112), []);
      expect((await store.getMany(["c-m2", "nope", "c-m1"])).map((a) => a.id)).toEqual(["c-m2", "c-m1"]);
    });

    /** Articles holding chosen anchors, with signatures that share no band with anything. */
    let salt = 1; // one sequence for the whole suite: no two synthetic articles share a signature
    const synthetic = async () => {
      // Fingerprint values that anchorsOf picks as anchors, from 0x7a000000 up (no story shingle is expected there).
      const anchors: number[] = [];
      for (let h = 0x7a000000; anchors.length < 200; h++) if ((fmix32(h ^ 0x5bd1e995) & 3) === 0) anchors.push(h >>> 0);
      const base = await article("c-rank-base", 114);
      const holding = (id: string, hashes: number[]): StoredArticle => ({
        ...base, id, contentHash: (fmix32(salt * 7) >>> 0).toString(16).padStart(16, "f"),
        signature: { ...base.signature, values: Uint32Array.from(base.signature.values, (_, i) => (fmix32(i * 7919 + salt++ * 104729) & 0xffff)) },
        fingerprints: { hashes: Uint32Array.from(hashes), starts: Int32Array.from(hashes, (_, i) => i), ends: Int32Array.from(hashes, (_, i) => i + 1) },
      });
      return { anchors, holding };
    };

    it("ranks anchor-only candidates by their share of the smaller side's anchors and drops those below the least overlap", async () => {
      const { anchors, holding } = await synthetic();
      const q = anchors.slice(0, 40);
      expect((await store.upsert(holding("c-strong", anchors.slice(0, 20)), [])).outcome).toBe("created"); // 20 of its 20
      await store.upsert(holding("c-medium", [...anchors.slice(0, 6), ...anchors.slice(100, 114)]), []); // 6 of its 20
      await store.upsert(holding("c-weak", [...anchors.slice(0, 3), ...anchors.slice(120, 157)]), []); // 3 of its 40
      await store.upsert(holding("c-small", anchors.slice(38, 40)), []); // 2 of its 2
      expect(3 / 40).toBeLessThan(MIN_ANCHOR_OVERLAP);
      const probe = holding("c-rank-probe", q);
      expect((await store.findCandidates({ signature: probe.signature, contentHash: probe.contentHash, anchors: anchorsOf(probe.fingerprints) })).ids).toEqual(["c-strong", "c-small", "c-medium"]);
      expect((await store.findCandidates({ signature: probe.signature, contentHash: probe.contentHash, anchors: anchorsOf(probe.fingerprints), limit: 2 })).ids).toEqual(["c-strong", "c-small"]);
    });

    it("does not index an anchor for more articles once MAX_ANCHOR_POSTINGS live ones hold it", async () => {
      const { anchors, holding } = await synthetic();
      const shared = [anchors[180], anchors[181]];
      for (let i = 0; i < MAX_ANCHOR_POSTINGS; i++) await store.upsert(holding(`c-pop${i}`, shared), []);
      await store.upsert(holding("c-late", shared), []);
      const probe = holding("c-pop-probe", shared);
      const q = { signature: probe.signature, contentHash: probe.contentHash, anchors: anchorsOf(probe.fingerprints) };
      const first = (await store.findCandidates(q)).ids;
      expect(first).toHaveLength(MAX_ANCHOR_POSTINGS);
      expect(first).not.toContain("c-late");
      await store.remove("c-pop0"); // room for one more
      await store.upsert(holding("c-later", shared), []);
      const after = (await store.findCandidates(q)).ids;
      expect(after).toContain("c-later");
      expect(after).not.toContain("c-pop0");
      expect(after).toHaveLength(MAX_ANCHOR_POSTINGS);
    });

    it(`keeps the latest ${MAX_BAND_POSTINGS} live articles under a band key: a new copy takes the oldest one's place, and removing the oldest copies leaves the later ones findable`, async () => {
      const base = await article("c-band-base", 115);
      const none = { hashes: new Uint32Array(0), starts: new Int32Array(0), ends: new Int32Array(0) };
      let n = 0; // same signature, other content hashes, no anchors: found through the bands alone
      const copy = (id: string): StoredArticle => ({ ...base, id, contentHash: (0xb0000000 + n++).toString(16).padStart(16, "e"), fingerprints: none });
      const q = { signature: base.signature, contentHash: "0123456789abcdef", anchors: new Uint32Array(0) };
      const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `c-band${from + i}`).sort();
      const total = MAX_BAND_POSTINGS + 30;
      for (let i = 0; i < total; i++) await store.upsert(copy(`c-band${i}`), []);
      expect((await store.findCandidates(q)).ids.sort()).toEqual(ids(30, total));
      for (let i = 30; i < total - 10; i++) await store.remove(`c-band${i}`); // a retention policy removes the oldest
      expect((await store.findCandidates(q)).ids.sort()).toEqual(ids(total - 10, total));
      await store.upsert(copy("c-band-new"), []);
      expect((await store.findCandidates(q)).ids.sort()).toEqual([...ids(total - 10, total), "c-band-new"].sort());
    });

    it("reports the articles written between a query and an upsert as newcomers, and only those", async () => {
      const a = await article("c-race-a", 120);
      await store.upsert(await article("c-race-old", 120), []); // the same story, before the query
      const q = await store.findCandidates(query(a));
      expect(q.ids).toContain("c-race-old");
      await store.upsert(await article("c-race-copy", 120), []); // the same story, after the query
      await store.upsert(await article("c-race-other", 121), []); // another story, after the query
      expect(await store.upsert(a, [], { since: q.mark })).toEqual({ outcome: "created", newcomers: ["c-race-copy"] });
      // Nobody wrote between query and upsert, or no mark: no newcomers.
      const b = await article("c-race-b", 120);
      const q2 = await store.findCandidates(query(b));
      expect(q2.ids).toEqual(expect.arrayContaining(["c-race-old", "c-race-copy", "c-race-a"]));
      expect(await store.upsert(b, [], { since: q2.mark })).toEqual({ outcome: "created", newcomers: [] });
      const c = await article("c-race-c", 120);
      await store.upsert(await article("c-race-copy2", 120), []);
      expect(await store.upsert(c, [])).toEqual({ outcome: "created", newcomers: [] });
      // An unchanged write reports none either.
      const q3 = await store.findCandidates(query(a));
      await store.upsert(await article("c-race-copy3", 120), []);
      expect(await store.upsert(a, [], { since: q3.mark })).toEqual({ outcome: "unchanged", newcomers: [] });
    });

    it("finds a lead cut too short for two content-defined anchors through its opening, either way round and as a newcomer; two longer articles need two shared anchors", async () => {
      const { anchors, holding } = await synthetic();
      const plain: number[] = []; // fingerprint values anchorsOf does not pick by content (only as an opening)
      for (let h = 0x7b000000; plain.length < 8; h++) if ((fmix32(h ^ 0x5bd1e995) & 3) !== 0) plain.push(h >>> 0);
      const lead = holding("c-open-lead", plain.slice(0, 4)); // its opening is its one anchor
      const story = holding("c-open-story", [plain[0], ...anchors.slice(160, 170)]); // opens alike, 10 content-defined anchors
      expect(anchorsOf(lead.fingerprints)).toHaveLength(1);
      expect(anchorWeight(anchorsOf(lead.fingerprints))).toBe(1);
      expect(anchorWeight(anchorsOf(story.fingerprints))).toBe(10); // the opening is extra
      const q = await store.findCandidates(query(lead));
      await store.upsert(story, []);
      expect(await store.upsert(lead, [], { since: q.mark })).toEqual({ outcome: "created", newcomers: ["c-open-story"] });
      expect((await store.findCandidates(query(lead, lead.id))).ids).toEqual(["c-open-story"]);
      expect((await store.findCandidates(query(story, story.id))).ids).toEqual(["c-open-lead"]);
      // two articles of weight 10 that share only their opening: one shared anchor is too few
      const other = holding("c-open-other", [plain[0], ...anchors.slice(171, 181)]);
      expect((await store.findCandidates(query(other))).ids).toEqual(["c-open-lead"]);
    });

    it("counts anchor-only newcomers as a query counts candidates: enough shared anchors and overlap", async () => {
      const { anchors, holding } = await synthetic();
      const probe = holding("c-race-probe", anchors.slice(60, 80));
      const q = await store.findCandidates(query(probe));
      expect(q.ids).toEqual([]);
      await store.upsert(holding("c-race-strong", anchors.slice(60, 80)), []); // 20 of 20
      await store.upsert(holding("c-race-one", [anchors[60], ...anchors.slice(82, 99)]), []); // one shared: too few
      expect(await store.upsert(probe, [], { since: q.mark })).toEqual({ outcome: "created", newcomers: ["c-race-strong"] });
    });

    it("addLinks writes links both ways, only between live articles", async () => {
      await store.upsert(await article("c-al1", 122), []);
      await store.upsert(await article("c-al2", 123), []);
      await store.addLinks("c-al2", [link("c-al1"), link("nowhere")]);
      expect(await store.links("c-al2")).toEqual([link("c-al1")]);
      expect(await store.links("c-al1")).toEqual([{ id: "c-al2", kind: "near_duplicate", similarity: 0.9, containment: [0.9, 0.95] }]);
      await store.addLinks("gone", [link("c-al1")]);
      expect(await store.links("c-al1")).toHaveLength(1);
      expect(await store.links("gone")).toEqual([]);
    });

    it(`holds at most ${MAX_LINKS} links an article, both ways, best first, but never leaves one without a link; a full article's links are updated, and a removal makes room`, async () => {
      const sim = (id: string, similarity: number): StoredLink => ({ id, kind: "near_duplicate", similarity, containment: [0.95, 0.9] });
      const ids = (links: StoredLink[]) => links.map((l) => l.id).sort();
      const spokes = Array.from({ length: MAX_LINKS }, (_, i) => `c-sp${String(i).padStart(3, "0")}`);
      const base = await article("c-hub", 130);
      const as = (id: string): StoredArticle => ({ ...base, id });
      await store.upsert(base, []);
      for (const s of spokes) await store.upsert(as(s), [link("c-hub")]);
      expect(await store.links("c-hub")).toHaveLength(MAX_LINKS);
      // The hub is full: a newcomer offered the hub first links to the next one with room instead.
      await store.upsert(as("c-late"), [sim("c-hub", 0.99), sim(spokes[0], 0.9)]);
      expect(ids(await store.links("c-late"))).toEqual([spokes[0]]);
      expect(ids(await store.links("c-hub"))).toEqual(spokes);
      expect(ids(await store.links(spokes[0]))).toEqual(["c-hub", "c-late"]);
      // A link the two already share is updated, full or not.
      await store.addLinks(spokes[1], [sim("c-hub", 0.5)]);
      expect((await store.links("c-hub")).find((l) => l.id === spokes[1])?.similarity).toBe(0.5);
      expect(await store.links(spokes[1])).toEqual([sim("c-hub", 0.5)]);
      // An article offered more than it may hold keeps the first MAX_LINKS offered; the rest hold nothing of it.
      const others = Array.from({ length: MAX_LINKS + 3 }, (_, i) => `c-ot${String(i).padStart(3, "0")}`);
      for (const o of others) await store.upsert(as(o), []);
      await store.upsert(as("c-many"), others.map((o, i) => sim(o, 1 - i / 1000)));
      expect(ids(await store.links("c-many"))).toEqual(others.slice(0, MAX_LINKS));
      for (const o of others.slice(MAX_LINKS)) expect(await store.links(o)).toEqual([]);
      // Offered only full articles, an article still takes its best one, both ways: it is not cut off.
      await store.upsert(as("c-lone"), [sim("nowhere", 0.99), sim("c-hub", 0.7)]);
      expect(await store.links("c-lone")).toEqual([sim("c-hub", 0.7)]);
      expect(await store.links("c-hub")).toHaveLength(MAX_LINKS + 1);
      expect((await store.links("c-hub")).find((l) => l.id === "c-lone")?.similarity).toBe(0.7);
      // Removing spokes frees places on the hub.
      await store.remove(spokes[2]);
      await store.remove(spokes[4]);
      await store.addLinks("c-late", [sim("c-hub", 0.99)]);
      expect(ids(await store.links("c-late"))).toEqual(["c-hub", spokes[0]]);
      expect(await store.links("c-hub")).toHaveLength(MAX_LINKS);
      expect((await store.links("c-hub")).map((l) => l.id)).toContain("c-late");
    });

    it("a deletion voids the writes of its id received at or before it, whether or not it was stored", async () => {
      const a = await article("c-del", 124);
      expect(await store.remove("c-del", 1_000)).toBe(false); // deleted before any write arrived
      expect((await store.upsert(a, [], { receivedAt: 999 })).outcome).toBe("stale");
      expect((await store.upsert(a, [], { receivedAt: 1_000 })).outcome).toBe("stale");
      expect(await store.get("c-del")).toBeUndefined();
      expect((await store.findCandidates(query(a))).ids).not.toContain("c-del");
      expect((await store.upsert(a, [], { receivedAt: 1_001 })).outcome).toBe("created");
      // An earlier deletion time does not move the mark back.
      expect(await store.remove("c-del", 500)).toBe(true);
      expect((await store.upsert(a, [], { receivedAt: 800 })).outcome).toBe("stale");
      expect((await store.upsert(a, [], { receivedAt: 1_002 })).outcome).toBe("created");
      // A removal without a time voids nothing.
      expect(await store.remove("c-del")).toBe(true);
      expect((await store.upsert(a, [], { receivedAt: 1_003 })).outcome).toBe("created");
    });

    it("a withdrawal (a version with nothing to index) removes the article, unless the stored revision is newer or a deletion voids it", async () => {
      const a = await article("c-wd", 125, 10);
      expect(await store.withdraw("c-wd", 10)).toBe("absent");
      expect((await store.upsert(a, [link("c-read")])).outcome).toBe("created");
      expect((await store.links("c-read")).map((l) => l.id)).toContain("c-wd");
      const size = await store.size();
      expect(await store.withdraw("c-wd", 9, { receivedAt: 2_000 })).toBe("stale"); // an older version
      expect((await store.get("c-wd"))?.contentHash).toBe(a.contentHash);
      expect((await store.findCandidates(query(a))).ids).toContain("c-wd");
      expect(await store.size()).toBe(size);
      expect(await store.withdraw("c-wd", 10, { receivedAt: 2_000 })).toBe("removed"); // the same revision, new content
      expect(await store.get("c-wd")).toBeUndefined();
      expect((await store.findCandidates(query(a))).ids).not.toContain("c-wd");
      expect((await store.links("c-read")).map((l) => l.id)).not.toContain("c-wd");
      expect(await store.size()).toBe(size - 1);
      // A later write of the withdrawn revision or a newer one comes back (an older one: the next test).
      expect((await store.upsert(await article("c-wd", 125, 10), [], { receivedAt: 2_001 })).outcome).toBe("created");
      // A deletion voids a withdrawal received before it, as it voids an upsert.
      expect(await store.remove("c-wd", 3_000)).toBe(true);
      expect((await store.upsert(a, [], { receivedAt: 3_001 })).outcome).toBe("created");
      expect(await store.withdraw("c-wd", 99, { receivedAt: 2_999 })).toBe("stale");
      expect((await store.get("c-wd"))?.contentHash).toBe(a.contentHash);
      expect(await store.withdraw("c-wd", 99, { receivedAt: 3_002 })).toBe("removed");
    });

    it("refuses an older revision arriving after a withdrawal, whether or not the article was stored", async () => {
      expect(await store.withdraw("c-wd2", 20, { receivedAt: 5_000 })).toBe("absent"); // the newer version came first
      expect((await store.upsert(await article("c-wd2", 126, 19), [], { receivedAt: 5_001 })).outcome).toBe("stale");
      expect(await store.get("c-wd2")).toBeUndefined();
      const back = await article("c-wd2", 126, 20); // the same revision, content again: the later write wins
      expect((await store.upsert(back, [], { receivedAt: 5_002 })).outcome).toBe("created");
      expect(await store.withdraw("c-wd2", 21, { receivedAt: 5_003 })).toBe("removed");
      expect((await store.upsert(await article("c-wd2", 126, 20), [], { receivedAt: 5_004 })).outcome).toBe("stale");
      expect(await store.withdraw("c-wd2", 15, { receivedAt: 5_005 })).toBe("absent"); // an older withdrawal lowers nothing
      expect((await store.upsert(await article("c-wd2", 126, 20), [], { receivedAt: 5_006 })).outcome).toBe("stale");
      expect((await store.upsert(await article("c-wd2", 126, 22), [], { receivedAt: 5_007 })).outcome).toBe("created");
    });

    describe("titles", () => {
      const TITLE = "وزير الخارجية يبحث مع نظيره الفرنسي تطورات الأوضاع في المنطقة";
      // The same headline as outlets retype it: other code points, the same normalized text.
      const RETYPED = "وزيرُ الخارجيّة يبحث مع نظيره الفرنسی تطوّرات الاوضاع فى المنطقة";
      const OTHER = "ارتفاع أسعار النفط في الأسواق العالمية بعد قرار أوبك";
      const titled = async (id: string, seed: number, title: string | undefined, rev = 0, file = true) => {
        const e = await testEngine();
        return toStored(e.analyze({ id, title, text: story(seed, 14) }), 1, rev, file);
      };
      const ids = async (title: string, exclude?: string, limit?: number) => (await store.findTitles({ sketches: [titleSketch(title)], exclude, limit }))[0].map((c) => c.id);

      it("finds an article by its title retyped, with the title as stored; never the excluded id", async () => {
        expect((await store.upsert(await titled("t-find", 131, TITLE), [])).outcome).toBe("created");
        const [byRetyped, byOther, byShort] = await store.findTitles({ sketches: [titleSketch(RETYPED), titleSketch(OTHER), titleSketch("قمة")] });
        expect(byRetyped).toEqual([{ id: "t-find", title: TITLE }]);
        expect(byOther).toEqual([]);
        expect(byShort).toEqual([]); // too short to have keys: nothing is looked up
        expect(await ids(RETYPED, "t-find")).toEqual([]);
        expect(await store.findTitles({ sketches: [] })).toEqual([]);
      });

      it("a retitled, untitled or removed article is no longer found by its old title", async () => {
        await store.upsert(await titled("t-gone", 132, OTHER, 1), []);
        expect(await ids(OTHER)).toEqual(["t-gone"]);
        const retitled = "انطلاق مهرجان الكتاب الدولي بمشاركة مئات الناشرين العرب";
        expect((await store.upsert(await titled("t-gone", 133, retitled, 2), [])).outcome).toBe("replaced");
        expect(await ids(OTHER)).toEqual([]);
        expect(await ids(retitled)).toEqual(["t-gone"]);
        expect((await store.upsert(await titled("t-gone", 134, retitled, 3, false), [])).outcome).toBe("replaced"); // written without title keys
        expect(await ids(retitled)).toEqual([]);
        await store.upsert(await titled("t-gone", 135, retitled, 4), []);
        expect(await ids(retitled)).toEqual(["t-gone"]);
        expect(await store.remove("t-gone")).toBe(true);
        expect(await ids(retitled)).toEqual([]);
      });

      it("a retitle of the same body and revision replaces the entry (its new title is found, the old is not); sent again, it is unchanged", async () => {
        const again = "انطلاق مهرجان الكتاب الدولي بمشاركة مئات الناشرين العرب";
        expect((await store.upsert(await titled("t-edit", 136, OTHER, 7), [])).outcome).toBe("created");
        const edited = await titled("t-edit", 136, again, 7);
        expect((await store.upsert(edited, [])).outcome).toBe("replaced");
        expect(await ids(OTHER)).toEqual([]);
        expect(await ids(again)).toEqual(["t-edit"]);
        expect((await store.get("t-edit"))?.meta.title).toBe(again);
        expect((await store.upsert(edited, [])).outcome).toBe("unchanged");
        expect((await store.upsert({ ...edited, meta: { ...edited.meta, url: "https://example.org/a" } }, [])).outcome).toBe("replaced");
        expect((await store.upsert({ ...edited, meta: { ...edited.meta, url: "https://example.org/a", firstSeen: 99 } }, [])).outcome).toBe("unchanged"); // the index's own clock is not metadata
        expect(await store.remove("t-edit")).toBe(true);
      });

      it("returns each article once per headline, at most `limit`, for every headline asked", async () => {
        const same = "افتتاح معرض الرياض الدولي للكتاب بمشاركة واسعة من دور النشر";
        for (let i = 0; i < 5; i++) await store.upsert(await titled(`t-many-${i}`, 140 + i, same), []);
        const found = await ids(same);
        expect([...found].sort()).toEqual([0, 1, 2, 3, 4].map((i) => `t-many-${i}`));
        const limited = await ids(same, undefined, 3);
        expect(new Set(limited).size).toBe(3);
        const [a, b] = await store.findTitles({ sketches: [titleSketch(same), titleSketch(same)], limit: 2 });
        expect(a).toHaveLength(2);
        expect(b).toHaveLength(2);
        for (let i = 0; i < 5; i++) await store.remove(`t-many-${i}`);
      });

      it("ranks a title written more times than the limit before its edits, and an edit after all of them", async () => {
        const same = "افتتاح معرض الرياض الدولي للكتاب بمشاركة واسعة من دور النشر";
        const edited = "افتتاح معرض الرياض الدولي للكتاب بمشاركة دور النشر العربية";
        expect(agreeing(titleSketch(same), titleSketch(edited))).toBeGreaterThanOrEqual(TITLE_MIN_AGREEING);
        expect(agreeing(titleSketch(same), titleSketch(edited))).toBeLessThan(TITLE_SKETCH_BYTES);
        await store.upsert(await titled("t-rank-edit", 150, edited), []); // written first: write order alone would put it first
        for (let i = 0; i < 6; i++) await store.upsert(await titled(`t-rank-${i}`, 151 + i, same), []);
        const whole = [0, 1, 2, 3, 4, 5].map((i) => `t-rank-${i}`);
        const top = await ids(same, undefined, 4);
        expect(top).toHaveLength(4);
        for (const id of top) expect(whole).toContain(id);
        const all = await ids(same, undefined, 7);
        expect([...all.slice(0, 6)].sort()).toEqual(whole);
        expect(all[6]).toBe("t-rank-edit");
        for (const id of [...whole, "t-rank-edit"]) await store.remove(id);
      });

      it(`keeps the latest ${MAX_TITLE_POSTINGS} live articles under a title key: a new one takes the oldest one's place, and removing the oldest leaves the later ones findable (a lookup examines the earliest ${TITLE_EXAMINE_LIMIT} held)`, async () => {
        const same = "عاجل: الأرصاد الجوية تحذر من أمطار غزيرة وسيول في عدة مناطق";
        const total = MAX_TITLE_POSTINGS + 30;
        const named = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `t-hold-${from + i}`).sort();
        for (let i = 0; i < total; i++) await store.upsert(await titled(`t-hold-${i}`, 300 + i, same), []);
        expect([...await ids(same, undefined, 1000)].sort()).toEqual(named(30, 30 + TITLE_EXAMINE_LIMIT)); // the first 30 gave up their place
        for (let i = 30; i < total - 10; i++) await store.remove(`t-hold-${i}`); // a retention policy removes the oldest
        expect([...await ids(same, undefined, 1000)].sort()).toEqual(named(total - 10, total));
        await store.upsert(await titled("t-hold-new", 400, same), []);
        expect([...await ids(same, undefined, 1000)].sort()).toEqual([...named(total - 10, total), "t-hold-new"].sort());
        for (let i = 0; i < 30; i++) await store.remove(`t-hold-${i}`);
        for (let i = total - 10; i < total; i++) await store.remove(`t-hold-${i}`);
        await store.remove("t-hold-new");
      });

      it(`never spends one of the ${TITLE_EXAMINE_LIMIT} places a lookup examines on the excluded article`, async () => {
        const same = "الهيئة العامة للطيران المدني تعلن تعديل مواعيد الرحلات الدولية";
        const total = TITLE_EXAMINE_LIMIT + 8;
        for (let i = 0; i < total; i++) await store.upsert(await titled(`t-ex-${i}`, 600 + i, same), []);
        // All share every key; the excluded one is the earliest written, first in line to be examined.
        expect([...await ids(same, "t-ex-0", 1000)].sort()).toEqual(Array.from({ length: TITLE_EXAMINE_LIMIT }, (_, i) => `t-ex-${i + 1}`).sort());
        for (let i = 0; i < total; i++) await store.remove(`t-ex-${i}`);
      });

      it(`sets a full title key (${MAX_TITLE_POSTINGS} holders) aside: a title sharing another key with the headline is examined first, and a full key's holders fill the room left`, async () => {
        // Sketches built byte by byte: band b is bytes [rows·b, rows·b + rows). The headline's bytes are 0..29.
        const rows = TITLE_BANDS.rows, q = Uint8Array.from({ length: TITLE_SKETCH_BYTES }, (_, i) => i);
        const other = (n: number, i: number) => 0x80 | (fmix32(n * 64 + i) & 0x7f); // never one of the headline's bytes
        // A common key: band 0 as the headline's, one more equal byte a band (12 in all), no other band shared.
        const common = (n: number) => q.map((v, i) => (i < rows || i % rows === 0 ? v : other(n, i)));
        // A likelier title sharing band 1 only, written after them: band 0 differs, two equal bytes a band.
        const rare = q.map((v, i) => (i < rows ? other(9999, i) : i < 2 * rows || i % rows !== rows - 1 ? v : other(9998, i)));
        expect(agreeing(q, common(0))).toBeGreaterThanOrEqual(TITLE_MIN_AGREEING);
        expect(agreeing(q, rare)).toBeGreaterThan(agreeing(q, common(0)));
        const write = async (id: string, seed: number, sketch: Uint8Array) => store.upsert({ ...await titled(id, seed, OTHER), titleSketch: sketch }, []);
        for (let n = 0; n < MAX_TITLE_POSTINGS; n++) await write(`t-full-${n}`, 500 + n, common(n));
        await write("t-rare", 499, rare);
        const found = async (sketch: Uint8Array, limit: number) => (await store.findTitles({ sketches: [sketch], limit }))[0].map((c) => c.id);
        // Counting the full key, its earliest holders would fill every place examined, and t-rare none.
        expect(await found(q, 1)).toEqual(["t-rare"]);
        const all = await found(q, 1000);
        expect(all).toHaveLength(TITLE_EXAMINE_LIMIT);
        expect(all.slice(1)).toEqual(Array.from({ length: TITLE_EXAMINE_LIMIT - 1 }, (_, n) => `t-full-${n}`)); // the room left, earliest first
        // Sharing nothing but the full key, a headline still meets its holders.
        const onlyCommon = q.map((v, i) => (i < rows ? v : i % rows === 0 ? v : other(7777, i)));
        expect(await found(onlyCommon, 1000)).toEqual(Array.from({ length: TITLE_EXAMINE_LIMIT }, (_, n) => `t-full-${n}`));
        for (let n = 0; n < MAX_TITLE_POSTINGS; n++) await store.remove(`t-full-${n}`);
        await store.remove("t-rare");
      });
    });

    it("accepts ids with Arabic, spaces and symbols", async () => {
      const a = await article("خبر/١ ؟&%", 113);
      expect((await store.upsert({ ...a, id: "خبر/١ ؟&%" }, [])).outcome).toBe("created");
      expect((await store.get("خبر/١ ؟&%"))?.id).toBe("خبر/١ ؟&%");
    });
  });
}
