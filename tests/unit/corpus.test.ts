import { describe, expect, it } from "vitest";
import { anchorsOf } from "../../src/core/anchors.js";
import { Corpus } from "../../src/core/corpus.js";
import { toStored } from "../../src/core/match.js";
import { specKey } from "../../src/core/signature-spec.js";
import type { StoredArticle } from "../../src/core/stored-article.js";
import { testEngine } from "../helpers/engine.js";
import { story } from "../helpers/seeds.js";

/** An article as stored: without the anchors `anchorsOf` keeps on its fingerprints once asked (derived, not stored). */
const asStored = (a: StoredArticle | undefined) => a && { ...a, fingerprints: { ...a.fingerprints, anchors: undefined } };

describe("Corpus kept compact (records, decoded when asked for)", () => {
  it("answers every question as the plain corpus does, through writes, same-content copies, replacements and removals", async () => {
    const e = await testEngine();
    const plain = new Corpus(specKey(e.options.spec), e.options.spec.numPerm, e.lsh);
    const compact = new Corpus(specKey(e.options.spec), e.options.spec.numPerm, e.lsh, true);
    const articles: StoredArticle[] = [];
    for (let i = 0; i < 60; i++) {
      // stories 0..19, each also as a lead cut and retitled (the same body under another id)
      const seed = i % 20, kind = Math.floor(i / 20);
      const text = story(seed, kind === 1 ? 6 : 16); // the same generator's first sentences: a lead cut
      articles.push(toStored(e.analyze({ id: `s${i}`, title: `عنوان الخبر رقم ${seed} عن الاقتصاد${kind === 2 ? " اليوم" : ""}`, text, source: "واس", publishedAt: "2026-11-01T10:00:00Z" }), 1_000 + i, i));
    }
    const same = (ids: string[]) => {
      for (const id of ids) {
        expect(compact.has(id)).toBe(plain.has(id));
        expect(asStored(compact.get(id))).toEqual(asStored(plain.get(id)));
        expect(compact.metaOf(id)).toEqual(plain.get(id)?.meta);
      }
      for (const a of articles) {
        const q = [a.signature, a.contentHash, a.id, anchorsOf(a.fingerprints)] as const;
        expect(compact.findCandidateIds(...q)).toEqual(plain.findCandidateIds(...q));
        expect(compact.findCandidates(...q).map(asStored)).toEqual(plain.findCandidates(...q).map(asStored));
      }
      expect(compact.size).toBe(plain.size);
    };
    for (const a of articles) expect(compact.upsert(a)).toBe(plain.upsert(a));
    const ids = articles.map((a) => a.id);
    same(ids);
    // the same content under a third id: all found by it, and the others left after one goes
    const twin = { ...articles[3], id: "twin" };
    expect(compact.upsert(twin)).toBe(plain.upsert(twin));
    const byHash = (c: Corpus) => c.findCandidateIds(articles[3].signature, articles[3].contentHash, undefined, undefined, Infinity);
    expect(byHash(compact)).toEqual(expect.arrayContaining(["s3", "s43", "twin"])); // s43: s3 retitled, the same body
    for (const a of articles) expect(compact.upsert(a)).toBe("unchanged");
    for (const a of articles.slice(0, 10)) {
      const edited = toStored(e.analyze({ id: a.id, title: a.meta.title, text: story(100 + Number(a.id.slice(1)), 12) }), 5_000, a.rev + 1);
      expect(compact.upsert(edited)).toBe(plain.upsert(edited));
    }
    for (const id of ["s3", "s11", "s25", "nothing"]) expect(compact.remove(id)).toBe(plain.remove(id));
    expect(byHash(compact)).toEqual(expect.arrayContaining(["s43", "twin"]));
    expect(byHash(compact)).not.toContain("s3");
    same([...ids, "twin", "nothing"]);
    // thousands written and removed: the LSH and anchor tables compact, re-reading the live articles' anchors from their records
    for (let i = 0; i < 4_500; i++) {
      const a = { ...articles[i % articles.length], id: `gone${i}` };
      expect(compact.upsert(a)).toBe(plain.upsert(a));
    }
    for (let i = 0; i < 4_500; i++) expect(compact.remove(`gone${i}`)).toBe(plain.remove(`gone${i}`));
    same([...ids, "twin"]);
  });
});
