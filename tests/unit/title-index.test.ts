import { describe, expect, it } from "vitest";
import { fmix32 } from "../../src/core/hash.js";
import { HEADLINE_THRESHOLD, sortedJaccard } from "../../src/core/headline-clusters.js";
import { agreeing, confirmTitles, keysOfSketch, MAX_TITLE_POSTINGS, prepareTitle, titleSketch, TITLE_BANDS, TITLE_EXAMINE_LIMIT, TITLE_MIN_AGREEING, TITLE_SKETCH_BYTES, TitleIndex } from "../../src/core/title-index.js";

const TITLE = "مجلس الأمن يصوت اليوم على مشروع قرار أمريكي لوقف إطلاق النار في غزة";

describe("title index (core)", () => {
  it(`sketches a title in ${TITLE_SKETCH_BYTES} bytes filed under TITLE_BANDS keys, the same for every spelling of it, and a too-short one not at all`, () => {
    const sketch = titleSketch(TITLE);
    expect(sketch).toHaveLength(TITLE_SKETCH_BYTES);
    expect(keysOfSketch(sketch)).toHaveLength(TITLE_BANDS.bands);
    expect(Array.from(titleSketch("مجلسُ الأمنِ يصوّت اليوم على مشروع قرارٍ أمريكى لوقف إطلاق النار فى غزه"))).toEqual(Array.from(sketch));
    expect(titleSketch("غزة")).toHaveLength(0);
    expect(keysOfSketch(titleSketch("غزة"))).toHaveLength(0);
    expect(titleSketch(undefined)).toHaveLength(0);
    expect(titleSketch("!!! …")).toHaveLength(0);
  });

  it("estimates two titles' likeness from their sketches: the same headline edited agrees in most bytes, another story in few", () => {
    const edited = titleSketch("مجلس الأمن يصوت غدا على مشروع قرار أمريكي لوقف إطلاق النار في غزة");
    const other = titleSketch("ارتفاع أسعار النفط في الأسواق العالمية بعد قرار أوبك");
    expect(agreeing(titleSketch(TITLE), edited)).toBeGreaterThanOrEqual(TITLE_MIN_AGREEING);
    expect(agreeing(titleSketch(TITLE), other)).toBeLessThan(TITLE_MIN_AGREEING);
    expect(agreeing(titleSketch(TITLE), titleSketch(TITLE))).toBe(TITLE_SKETCH_BYTES);
  });

  it("ranks by sketch agreement, not by write order: among titles sharing a band, the likest comes first, and one agreeing too little is left out", () => {
    const index = new TitleIndex();
    const q = Uint8Array.from({ length: TITLE_SKETCH_BYTES }, (_, i) => i);
    const rows = TITLE_BANDS.rows;
    const withAgreeing = (n: number) => q.map((v, i) => (i < rows || i >= TITLE_SKETCH_BYTES - n + rows ? v : 200)); // band 1 always shared
    index.set("few", withAgreeing(TITLE_MIN_AGREEING - 1));
    index.set("some", withAgreeing(TITLE_MIN_AGREEING + 2));
    index.set("most", withAgreeing(TITLE_SKETCH_BYTES - 2));
    expect(agreeing(q, withAgreeing(TITLE_MIN_AGREEING - 1))).toBe(TITLE_MIN_AGREEING - 1);
    expect(index.query(q, undefined)).toEqual(["most", "some"]);
    expect(index.query(q, undefined, 1)).toEqual(["most"]);
    expect(index.query(q, "most")).toEqual(["some"]);
  });

  it("finds what it holds after thousands of replacements and removals (its table compacted on the way)", () => {
    const index = new TitleIndex();
    const keysOf = (i: number) => Uint8Array.from({ length: TITLE_SKETCH_BYTES }, (_, b) => fmix32(i * TITLE_SKETCH_BYTES + b) & 0xff);
    for (let i = 0; i < 12_000; i++) index.set(`a${i}`, keysOf(i));
    for (let i = 0; i < 12_000; i++) if (i % 10 !== 0) index.remove(`a${i}`); // past the compaction threshold
    for (let i = 0; i < 12_000; i += 10) index.set(`a${i}`, keysOf(i + 1_000_000)); // refiled under other keys
    expect(index.size).toBe(1_200);
    for (let i = 0; i < 12_000; i += 997) {
      expect(index.query(keysOf(i), undefined)).toEqual([]);
      if (i % 10 === 0) expect(index.query(keysOf(i + 1_000_000), undefined)).toEqual([`a${i}`]);
    }
    expect(index.query(keysOf(1_000_000), "a0")).toEqual([]);
    index.set("a0", new Uint8Array(0)); // no sketch: leaves the index
    expect(index.query(keysOf(1_000_000), undefined)).toEqual([]);
    expect(() => index.set("a1", new Uint8Array(TITLE_SKETCH_BYTES - 1))).toThrow(RangeError); // a sketch is TITLE_SKETCH_BYTES bytes or none
  });

  it(`keeps the latest ${MAX_TITLE_POSTINGS} live titles under a title key, through removals and compaction; a lookup examines the earliest ${TITLE_EXAMINE_LIMIT} held`, () => {
    expect(TITLE_EXAMINE_LIMIT).toBeLessThan(MAX_TITLE_POSTINGS); // what the expectations below assume
    const index = new TitleIndex();
    const same = titleSketch(TITLE);
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `t${from + i}`).sort();
    const found = () => index.query(same, undefined, 1000).sort();
    const cap = MAX_TITLE_POSTINGS, first = cap + 36;
    for (let i = 0; i < first; i++) index.set(`t${i}`, same);
    expect(found()).toEqual(ids(36, 36 + TITLE_EXAMINE_LIMIT)); // t0..t35 gave up their place
    for (let i = 36; i < first - 5; i++) index.remove(`t${i}`); // the oldest held go
    expect(found()).toEqual(ids(first - 5, first));
    index.set(`t${first}`, same); // room again: added, nothing given up
    expect(found()).toEqual(ids(first - 5, first + 1));
    // Compaction (more dead than live, over 4,096 dead) files the live titles again, the latest kept.
    const other = (i: number) => Uint8Array.from({ length: TITLE_SKETCH_BYTES }, (_, b) => fmix32(i * TITLE_SKETCH_BYTES + b) & 0xff);
    for (let i = 0; i < 5000; i++) index.set(`o${i}`, other(i));
    for (let i = 0; i < 5000; i++) index.remove(`o${i}`);
    const last = first + cap + 6; // 6 held and cap + 6 more: the earliest 12 give up their place
    for (let i = first + 1; i <= last; i++) index.set(`t${i}`, same);
    expect(found()).toEqual(ids(last + 1 - cap, last + 1 - cap + TITLE_EXAMINE_LIMIT));
  });

  it("confirms only the same headline: another speaker or too little in common is no match", () => {
    const asked = [prepareTitle("ارتفاع أسعار الذهب إلى مستوى قياسي جديد"), prepareTitle(`واشنطن: ${TITLE}`)];
    const found = confirmTitles(asked, [[], [
      { id: "same", title: `واشنطن: ${TITLE.replace("اليوم", "غدا")}` },
      { id: "speaker", title: `هاريس: ${TITLE}` },
      { id: "unrelated", title: "ارتفاع أسعار النفط في الأسواق العالمية بعد قرار أوبك" },
      { id: "unlabeled", title: TITLE },
    ]]);
    expect(found.map((m) => m.id).sort()).toEqual(["same", "unlabeled"]);
    expect(found[0].similarity).toBeGreaterThanOrEqual(found[1].similarity); // best first
    expect(found.every((m) => m.headline === 1 && m.similarity >= 0.6 && m.similarity <= 1)).toBe(true);
  });
  it("finds nearly every title that is barely the same headline (trigram Jaccard 0.6–0.7), where fewer, longer bands miss one in five", () => {
    const words = ["مجلس", "الأمن", "يصوت", "اليوم", "على", "مشروع", "قرار", "لوقف", "إطلاق", "النار", "وزير", "الخارجية", "يبحث",
      "مع", "نظيره", "الفرنسي", "تطورات", "الأوضاع", "في", "المنطقة", "ارتفاع", "أسعار", "النفط", "الأسواق", "العالمية", "بعد",
      "اجتماع", "أوبك", "الرئيس", "يستقبل", "وفدا", "برلمانيا", "لبحث", "التعاون", "الاقتصادي", "بين", "البلدين", "الشقيقين",
      "انطلاق", "فعاليات", "مهرجان", "الثقافة", "بمشاركة", "واسعة", "من", "الدول", "العربية", "والأجنبية", "الحكومة", "تعلن",
      "خطة", "جديدة", "لدعم", "المشروعات", "الصغيرة", "والمتوسطة", "خلال", "العام", "المقبل", "المنتخب", "يفوز", "ودية"];
    let x = 20261124;
    const rnd = (n: number) => { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; return (x >> 8) % n; };
    const index = new TitleIndex();
    const near: [id: string, edited: string][] = [];
    while (near.length < 300) {
      const title = Array.from({ length: 8 + rnd(4) }, () => words[rnd(words.length)]).join(" ");
      const edited = title.split(" ");
      edited[rnd(edited.length)] = words[rnd(words.length)];
      if (rnd(2) === 0) edited.splice(rnd(edited.length), 1);
      const [p, q] = [prepareTitle(title), prepareTitle(edited.join(" "))];
      const j = sortedJaccard(p.grams, q.grams);
      if (j < HEADLINE_THRESHOLD || j >= 0.7) continue;
      const id = `n${near.length}`;
      index.set(id, titleSketch(title));
      near.push([id, edited.join(" ")]);
    }
    const found = near.filter(([id, edited]) => index.query(titleSketch(edited), undefined).includes(id)).length;
    // 10 bands of 3 rows share a band at Jaccard 0.6–0.7 with chance 0.91–0.97; 8 bands of 4 with 0.73–0.89.
    expect(found / near.length).toBeGreaterThanOrEqual(0.9);
  });
});
