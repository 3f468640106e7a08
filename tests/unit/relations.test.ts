import { describe, expect, it } from "vitest";
import { Corpus } from "../../src/core/corpus.js";
import { fillEvidence, listingOrder, matchAnalysis, relateToCandidates, toStored } from "../../src/core/match.js";
import { relateBodies, DEFAULT_THRESHOLDS } from "../../src/core/relations.js";
import { AlignmentMemo, alignPassages } from "../../src/core/evidence.js";
import { specKey } from "../../src/core/signature-spec.js";
import { normalizeText } from "../../src/core/normalize.js";
import { testEngine } from "../helpers/engine.js";
import { story } from "../helpers/seeds.js";

const retyped = (t: string) => t.replace(/ا/g, "أ").replace(/ة/g, "ه").replace(/ /g, "\u00a0").replace(/ي /g, "ى ");

async function relate(a: string, b: string) {
  const e = await testEngine();
  const A = e.analyze({ id: "A", text: a }), B = e.analyze({ id: "B", text: b });
  const r = relateBodies(B.body, A.body);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("relations between two bodies", () => {
  it("repetitive text (thousands of identical lines) relates with a few passages, not one per pairing of its repeats", async () => {
    // Every occurrence of a shingle was paired with every other: 4,000 lines against 2,000 gave
    // thousands of passages and took ~30 s. A shingle repeated this often only continues passages.
    const r = await relate(Array(2_000).fill("كلمة واحدة").join("\n"), Array(4_000).fill("كلمة واحدة").join("\n"));
    expect(r?.kind).toBe("near_duplicate");
    expect(r!.evidence.length).toBeLessThanOrEqual(2);
    // A passage repeated a few times (a quote given twice) still aligns each time.
    const quote = story(9, 8);
    const twice = await relate(quote + "\n\n" + quote, quote + "\n\n" + story(7, 4) + "\n\n" + quote);
    expect(twice).toBeDefined();
    expect(twice!.containment[1]).toBeGreaterThan(0.95); // both repeats of the indexed side aligned
    expect(twice!.evidence.length).toBeGreaterThanOrEqual(2);
  });

  it("a re-typed copy is a duplicate", async () => {
    const r = await relate(story(1), retyped(story(1)));
    expect(r?.kind).toBe("duplicate");
    expect(r?.containment).toEqual([1, 1]);
  });

  it("an edited copy with a new dateline is a near duplicate", async () => {
    const base = story(2, 20);
    const edited = "الرياض - واس: " + base.replace("الوزير", "المسؤول").replace(/\n\n[^\n]*\n\n/, "\n\n");
    const r = await relate(base, edited);
    expect(r?.kind).toBe("near_duplicate");
    expect(r!.similarity).toBeGreaterThan(0.5);
  });

  it("a lead-only cut is partial, contained one way only", async () => {
    const full = story(3, 24);
    const lead = full.split("\n\n").slice(0, 8).join("\n\n");
    const r = await relate(full, lead);
    expect(r?.kind).toBe("partial");
    expect(r!.containment[0]).toBeGreaterThan(0.9);
    expect(r!.containment[1]).toBeLessThan(0.5);
  });

  it("a few paragraphs of a long story reused in another are partial though less than half of either; a shared quote is not", async () => {
    const wire = story(80, 24).split("\n\n");
    const reused = wire.slice(8, 14).join("\n\n"); // 6 of 24 paragraphs
    const piece = `${story(81, 12)}\n\n${retyped(reused)}\n\n${story(82, 12)}`;
    const r = await relate(wire.join("\n\n"), piece);
    expect(r?.kind).toBe("partial");
    expect(Math.max(...r!.containment)).toBeLessThan(0.5);
    expect(r!.evidence.length).toBeGreaterThan(0);
    const at = piece.indexOf(retyped(reused));
    expect(r!.part[0]).toBeGreaterThanOrEqual(at);
    expect(r!.part[1]).toBeLessThanOrEqual(at + reused.length);
    // two sentences quoted in two long stories: not a copy of either
    const quote = wire.slice(8, 10).join("\n\n");
    expect(await relate(`${story(83, 12)}\n\n${quote}\n\n${story(84, 12)}`, `${story(85, 12)}\n\n${quote}\n\n${story(86, 12)}`)).toBeUndefined();
  });

  it("a wire story inside a longer piece is partial", async () => {
    const wire = story(4, 10);
    const piece = `${story(5, 10)}\n\n${wire}\n\n${story(6, 10)}`;
    const r = await relate(wire, piece);
    expect(r?.kind).toBe("partial");
    // the part of the piece the relation is about: the wire story's place in it
    const at = piece.indexOf(wire);
    expect(r!.part[0]).toBeGreaterThanOrEqual(at);
    expect(r!.part[1]).toBeLessThanOrEqual(at + wire.length);
    expect(r!.part[1] - r!.part[0]).toBeGreaterThan(0.8 * wire.length); // from the first fingerprint shared to the last
    const copy = await relate(wire, retyped(wire)); // a duplicate is about the whole body
    expect(copy?.kind).toBe("duplicate");
    expect(copy!.part[1] - copy!.part[0]).toBeGreaterThan(0.8 * wire.length);
  });

  it("different stories are not related", async () => {
    expect(await relate(story(7, 20), story(8, 20))).toBeUndefined();
  });

  it("evidence offsets point at the same words in both raw texts", async () => {
    const a = story(9, 16);
    const b = "مقدمة مختلفة تماما عن الموضوع الأصلي\n\n" + retyped(a);
    const r = await relate(a, b);
    expect(r?.evidence.length).toBeGreaterThan(0);
    for (const p of r!.evidence) {
      const inB = normalizeText(b.slice(p.a[0], p.a[1]));
      const inA = normalizeText(a.slice(p.b[0], p.b[1]));
      expect(inB.length).toBeGreaterThan(10);
      expect(inA).toBe(inB);
    }
  });
});

describe("relating to many candidates", () => {
  it("computes the evidence of the best few only, and the rest's on demand, the same as computed at once", async () => {
    const e = await testEngine();
    const stored = Array.from({ length: 6 }, (_, i) => toStored(e.analyze({ id: `c${i}`, text: story(40, 10) + "\n\n" + story(41 + i, 1 + i) }), 1, 0));
    const probe = e.analyze({ id: "probe", text: retyped(story(40, 10)) }).body;
    const t = DEFAULT_THRESHOLDS, min = e.options.spec.minShingles;
    const whole = relateToCandidates(probe, stored, t, min);
    expect(whole).toHaveLength(6);
    expect(whole.every((l) => l.pending === undefined && l.relation.evidence.length > 0)).toBe(true);
    const best2 = relateToCandidates(probe, stored, t, min, 2);
    expect(best2.map((l) => l.id)).toEqual(whole.map((l) => l.id));
    expect(best2.map((l) => l.relation.evidence.length > 0)).toEqual([true, true, false, false, false, false]);
    expect(best2.slice(2).every((l) => l.pending !== undefined)).toBe(true);
    fillEvidence(probe, best2, Infinity);
    expect(best2.map((l) => ({ id: l.id, relation: l.relation }))).toEqual(whole.map((l) => ({ id: l.id, relation: l.relation })));
  });
  it("relates candidates that are copies of one another (one body, other spellings and offsets) as it relates each alone", async () => {
    // Candidates with the same normalized body are aligned once (AlignmentMemo): each must still get
    // its own raw offsets, and the classification each would get alone.
    const e = await testEngine();
    const body = story(50, 10);
    const marked = (t: string, k: number) => t.replace(/ل/g, k % 2 ? "لَ" : "لـ").replace(/م/g, "م" + "ْ".repeat(k % 3));
    const texts = [
      ...Array.from({ length: 5 }, (_, k) => marked(body, k)), // one normalized body, five raw layouts
      `${story(60, 3)}\n\n${body}`, // the body inside a longer piece, twice
      `${story(61, 2)}\n\n${marked(body, 1)}`,
      body.split("\n\n").slice(0, 4).join("\n\n"), // a lead-only cut
    ];
    const stored = texts.map((text, i) => toStored(e.analyze({ id: `c${i}`, text }), 1, 0));
    expect(new Set(stored.slice(0, 5).map((s) => s.contentHash)).size).toBe(1);
    expect(new Set(stored.slice(0, 5).map((s) => s.fingerprints.starts[5])).size).toBeGreaterThan(1);
    const t = DEFAULT_THRESHOLDS, min = e.options.spec.minShingles;
    for (const probeText of [body, retyped(story(50, 9)), `${story(62, 4)}\n\n${body}`]) {
      const probe = e.analyze({ id: "probe", text: probeText }).body;
      const together = relateToCandidates(probe, stored, t, min);
      const alone = stored.map((c) => ({ id: c.id, r: relateBodies(probe, c, t, min) }))
        .filter((x) => x.r.ok && x.r.value).map((x) => ({ id: x.id, relation: (x.r as { value: unknown }).value }));
      expect(together.length).toBeGreaterThanOrEqual(6);
      expect(together.map((l) => ({ id: l.id, relation: l.relation })).sort((x, y) => x.id.localeCompare(y.id))).toEqual(alone);
    }
  });

  it("aligns afresh a body whose key was seen with other hashes", async () => {
    const e = await testEngine();
    const [a, b, c] = [story(70, 8), story(70, 6), `${story(71, 3)}\n\n${story(70, 5)}`].map((text, i) => e.analyze({ id: `x${i}`, text }).body);
    const memo = new AlignmentMemo(a.shingles);
    expect(memo.align(b.fingerprints, "same key")).toEqual(alignPassages(a.shingles, b.fingerprints));
    expect(memo.align(c.fingerprints, "same key")).toEqual(alignPassages(a.shingles, c.fingerprints));
    expect(memo.align(b.fingerprints, "same key")).toEqual(alignPassages(a.shingles, b.fingerprints));
  });
});

describe("page-level: embeds and furniture", () => {
  it("a page carrying an indexed article as read-also embeds it, and is not its copy", async () => {
    const e = await testEngine();
    const corpus = new Corpus(specKey(e.options.spec), 128, e.lsh);
    const indexed = e.analyze({ id: "wire", text: story(10, 12) });
    corpus.upsert(toStored(indexed, 1, 0));
    const page = `${story(11, 10)}\n\nالمصدر: وكالة\n\nإقرأ أيضاً:\n\nعنوان الخبر المرفق\n\n${story(10, 12)}`;
    const a = e.analyze({ id: "page", text: page });
    const cands = corpus.findCandidates(a.body.signature, a.body.contentHash, "page");
    const embedCands = corpus.findCandidates(a.embedded!.signature, a.embedded!.contentHash, "page");
    const m = matchAnalysis(a, cands, embedCands, DEFAULT_THRESHOLDS, e.options.spec.minShingles);
    expect(m.relations).toEqual([]);
    expect(m.embeds.map((x) => x.id)).toEqual(["wire"]);
  });

  it("two different stories sharing furniture and the same read-also article are not linked", async () => {
    const e = await testEngine();
    const furniture = `المصدر: بوابة\n\nكلمات دلالية: غزة مصر\n\nإقرأ أيضاً:\n\nعنوان مشترك\n\n${story(20, 14)}\n\nمقالات مشابهة\n\n• خبر أ\n• خبر ب`;
    const a = e.analyze({ id: "a", text: `${story(21, 6)}\n\n${furniture}` });
    const b = e.analyze({ id: "b", text: `${story(22, 6)}\n\n${furniture}` });
    expect(relateBodies(b.body, a.body)).toEqual({ ok: true, value: undefined });
  });
});

describe("Corpus: idempotent upsert and revision order", () => {
  it("same id and content is unchanged; new content replaces; an older revision is stale", async () => {
    const e = await testEngine();
    const corpus = new Corpus(specKey(e.options.spec), 128, e.lsh);
    const v1 = toStored(e.analyze({ id: "x", text: story(30) }), 1, 10);
    expect(corpus.upsert(v1)).toBe("created");
    expect(corpus.upsert(v1)).toBe("unchanged");
    const v2 = toStored(e.analyze({ id: "x", text: story(31) }), 2, 11);
    expect(corpus.upsert(v2)).toBe("replaced");
    expect(corpus.upsert(toStored(e.analyze({ id: "x", text: story(32) }), 3, 5))).toBe("stale");
    expect(corpus.get("x")?.contentHash).toBe(v2.contentHash);
    expect(corpus.findCandidates(v1.signature, v1.contentHash).map((c) => c.id)).not.toContain("x");
    expect(corpus.remove("x")).toBe(true);
    expect(corpus.size).toBe(0);
  });
});

describe("listingOrder", () => {
  type L = { id: string; kind: "duplicate" | "near_duplicate" | "partial"; similarity: number };
  const order = (ls: L[]) => listingOrder(ls, (l) => l.kind, (l) => l.similarity).map((l) => l.id);
  it("gives the kinds found places in turn, each kind most similar first, ties by id", () => {
    const ls: L[] = [
      { id: "n1", kind: "near_duplicate", similarity: 0.9 }, { id: "n2", kind: "near_duplicate", similarity: 0.95 },
      { id: "n3", kind: "near_duplicate", similarity: 0.8 }, { id: "p1", kind: "partial", similarity: 0.2 },
      { id: "d2", kind: "duplicate", similarity: 1 }, { id: "d1", kind: "duplicate", similarity: 1 }, { id: "p2", kind: "partial", similarity: 0.4 },
    ];
    expect(order(ls)).toEqual(["d1", "n2", "p2", "d2", "n1", "p1", "n3"]);
    expect(order([...ls].reverse())).toEqual(order(ls));
    expect(ls.map((l) => l.id)).toEqual(["n1", "n2", "n3", "p1", "d2", "d1", "p2"]); // the input is left as it was
  });
  it("breaks ties by the ids' code units, the same under any locale", () => {
    const tied = ["b", "خبر", "B", "ä", "a", "a-10", "a-9"].map((id): L => ({ id, kind: "duplicate", similarity: 1 }));
    expect(order(tied)).toEqual(["B", "a", "a-10", "a-9", "b", "ä", "خبر"]); // localeCompare gave "a", "a-10", …, "B" under en-US and "خبر" first under ar-SA
  });

  it("is similarity order when one kind is found, and keeps every link", () => {
    const ls: L[] = Array.from({ length: 20 }, (_, i) => ({ id: `x${i}`, kind: "partial", similarity: ((i * 7) % 20) / 20 }));
    const got = listingOrder(ls, (l) => l.kind, (l) => l.similarity);
    expect(got.map((l) => l.similarity)).toEqual(ls.map((l) => l.similarity).sort((a, b) => b - a));
    expect(order([])).toEqual([]);
  });
  it("gives the parts of the page the links are about places in turn, the part of the most similar first; within a part, the kinds", () => {
    type P = L & { part: [number, number] };
    const byPart = (ls: P[]) => listingOrder(ls, (l) => l.kind, (l) => l.similarity, (l) => l.part).map((l) => l.id);
    const ls: P[] = [
      { id: "a1", kind: "partial", similarity: 0.6, part: [0, 1000] }, { id: "a2", kind: "partial", similarity: 0.59, part: [10, 990] },
      { id: "a3", kind: "partial", similarity: 0.58, part: [0, 1000] }, { id: "a-lead", kind: "partial", similarity: 0.3, part: [0, 300] },
      { id: "b1", kind: "partial", similarity: 0.35, part: [1010, 1500] }, { id: "b2", kind: "partial", similarity: 0.34, part: [1000, 1500] },
      { id: "a-near", kind: "near_duplicate", similarity: 0.55, part: [400, 1000] }, // overlaps a1 by 600 of its 1000: a1's part
    ];
    // parts: a1's (a1, a2, a3, a-near), b1's (b1, b2), a-lead's; a-near comes first in its part: a near duplicate's turn is before a partial's
    expect(byPart(ls)).toEqual(["a-near", "b1", "a-lead", "a1", "b2", "a2", "a3"]);
    expect(byPart([...ls].reverse())).toEqual(byPart(ls));
    // no parts (stored links), or one part for all: the kinds' turns alone
    expect(listingOrder(ls, (l) => l.kind, (l) => l.similarity).map((l) => l.id)).toEqual(order(ls));
    expect(byPart(ls.map((l) => ({ ...l, part: [0, 10] as [number, number] })))).toEqual(order(ls));
  });
});
