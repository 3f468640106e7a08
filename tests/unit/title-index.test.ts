import { describe, expect, it } from "vitest";
import { confirmTitles, prepareTitle, titleKeys, TITLE_BANDS, TitleIndex } from "../../src/core/title-index.js";

const TITLE = "مجلس الأمن يصوت اليوم على مشروع قرار أمريكي لوقف إطلاق النار في غزة";

describe("title index (core)", () => {
  it("files a title under TITLE_BANDS keys, the same for every spelling of it, and a too-short one under none", () => {
    const keys = titleKeys(TITLE);
    expect(keys).toHaveLength(TITLE_BANDS.bands);
    expect(Array.from(titleKeys("مجلسُ الأمنِ يصوّت اليوم على مشروع قرارٍ أمريكى لوقف إطلاق النار فى غزه"))).toEqual(Array.from(keys));
    expect(titleKeys("غزة")).toHaveLength(0);
    expect(titleKeys(undefined)).toHaveLength(0);
    expect(titleKeys("!!! …")).toHaveLength(0);
  });

  it("finds what it holds after thousands of replacements and removals (its table compacted on the way)", () => {
    const index = new TitleIndex();
    const keysOf = (i: number) => Uint32Array.from({ length: TITLE_BANDS.bands }, (_, b) => (Math.imul(i + 1, 0x9e3779b1) ^ (b * 0x85ebca6b)) >>> 0);
    for (let i = 0; i < 12_000; i++) index.set(`a${i}`, keysOf(i));
    for (let i = 0; i < 12_000; i++) if (i % 10 !== 0) index.remove(`a${i}`); // past the compaction threshold
    for (let i = 0; i < 12_000; i += 10) index.set(`a${i}`, keysOf(i + 1_000_000)); // refiled under other keys
    expect(index.size).toBe(1_200);
    for (let i = 0; i < 12_000; i += 997) {
      expect(index.query(keysOf(i), undefined)).toEqual([]);
      if (i % 10 === 0) expect(index.query(keysOf(i + 1_000_000), undefined)).toEqual([`a${i}`]);
    }
    expect(index.query(keysOf(1_000_000), "a0")).toEqual([]);
    index.set("a0", new Uint32Array(0)); // no keys: leaves the index
    expect(index.query(keysOf(1_000_000), undefined)).toEqual([]);
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
});
