import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitLines } from "../../src/core/lines.js";
import { DEFAULT_TEMPLATE_OPTIONS, TemplateMemory } from "../../src/core/template-memory.js";

const HOUSE = "فريق التحرير - قسم الأخبار";
const NEW_HOUSE = "تابعوا آخر الأخبار عبر تطبيقنا الجديد";
const keyOf = (line: string) => splitLines(line)[0].key;
/** A number as a word of letters: short lines that differ only in their numbers share a key. */
const spelled = (n: number) => [...String(n)].map((d) => "بتثجحخدذرز"[Number(d)]).join("");
/** A page of `n` story lines no other page has, and the given house lines. */
const page = (p: number, n: number, house: string[]) =>
  splitLines([...Array.from({ length: n }, (_, i) => `سطر الخبر رقم ${spelled(p)} ${spelled(i)} في الصفحة`), ...house].join("\n"));

describe("TemplateMemory", () => {
  it("keeps learning once full: one-off lines are forgotten, recurring ones kept", () => {
    const memory = new TemplateMemory({ ...DEFAULT_TEMPLATE_OPTIONS, maxLinesPerSource: 100 });
    for (let p = 0; p < 3; p++) memory.observe("outlet", `early-${p}`, page(p, 5, [HOUSE]));
    expect(memory.isTemplate("outlet", keyOf(HOUSE), 5)).toBe(true);
    // 60 more pages of 5 one-off lines each: 300 new lines through a room of 100.
    for (let p = 3; p < 63; p++) memory.observe("outlet", `story-${p}`, page(p, 5, [HOUSE]));
    for (let p = 63; p < 66; p++) memory.observe("outlet", `late-${p}`, page(p, 5, [HOUSE, NEW_HOUSE]));
    expect(memory.isTemplate("outlet", keyOf(HOUSE), 5)).toBe(true);
    expect(memory.isTemplate("outlet", keyOf(NEW_HOUSE), 7)).toBe(true); // learned after the room filled up
    expect(memory.isTemplate("outlet", page(10, 1, [])[0].key, 6)).toBe(false);
  });

  it("forgets the source observed least recently past its bound on sources, never one still sending", () => {
    const memory = new TemplateMemory({ ...DEFAULT_TEMPLATE_OPTIONS, maxSources: 3 });
    for (const source of ["a", "b"]) for (let p = 0; p < 3; p++) memory.observe(source, `${source}-${p}`, page(p, 2, [HOUSE]));
    memory.observe("c", "c-0", page(0, 2, [HOUSE]));
    memory.observe("a", "a-3", page(3, 2, [HOUSE])); // a is the most recent again
    memory.observe("d", "d-0", page(0, 2, [HOUSE])); // a fourth source: b goes
    expect(memory.isTemplate("a", keyOf(HOUSE), 5)).toBe(true);
    expect(memory.isTemplate("b", keyOf(HOUSE), 5)).toBe(false);
    // A producer sending each page under its own source (its URL, say) keeps the memory at the bound.
    for (let p = 0; p < 1_000; p++) memory.observe(`https://example.com/${p}`, `u-${p}`, page(p, 2, [HOUSE]));
    expect(memory.isTemplate("a", keyOf(HOUSE), 5)).toBe(false);
    for (let p = 0; p < 3; p++) memory.observe("a", `a-again-${p}`, page(p, 2, [HOUSE]));
    expect(memory.isTemplate("a", keyOf(HOUSE), 5)).toBe(true); // learned again
  });

  it("counts a page id once, and only for its own source", () => {
    const memory = new TemplateMemory();
    for (let k = 0; k < 5; k++) memory.observe("outlet", "same-page", page(1, 2, [HOUSE]));
    expect(memory.isTemplate("outlet", keyOf(HOUSE), 5)).toBe(false);
    memory.observe("outlet", "second", page(2, 2, [HOUSE]));
    memory.observe("outlet", "third", page(3, 2, [HOUSE]));
    expect(memory.isTemplate("outlet", keyOf(HOUSE), 5)).toBe(true);
    expect(memory.isTemplate("another outlet", keyOf(HOUSE), 5)).toBe(false);
    expect(memory.isTemplate(undefined, keyOf(HOUSE), 5)).toBe(false);
  });

  it("counts a sentence once for all copies of one story, a label line once a copy, and a sentence once a story", () => {
    const paragraph = (s: number, k: number) => `فقرة القصة رقم ${s} ${k} ` + "تتحدث عن أحداث اليوم في المدينة ".repeat(3).trim() + ".";
    const SENTENCE = "وقال المتحدث إن الحكومة ترغب في خلق فرص استثمارية.";
    const SIGNATURE = "للتواصل مع الكاتب ارسل رسالة تبدأ بالرمز 100";
    const DISCLAIMER = "جميع المقالات المنشورة في هذا الموقع تعبر عن آراء كتابها ولا تعبر بالضرورة عن رأي الموقع أو سياسته التحريرية.";
    const storyPage = (s: number) => splitLines([paragraph(s, 1), SENTENCE, paragraph(s, 2), SIGNATURE, DISCLAIMER].join("\n"));
    const [sentence, signature, disclaimer] = storyPage(1).slice(1).filter((_, i) => i !== 1);
    expect([sentence.terminal, signature.terminal, disclaimer.words > DEFAULT_TEMPLATE_OPTIONS.shortWords]).toEqual([true, false, true]);
    const memory = new TemplateMemory();
    for (const section of ["local", "economy", "front"]) memory.observe("outlet", `story-1-${section}`, storyPage(1)); // one story filed three times
    expect(memory.isTemplate("outlet", sentence.key, sentence.words)).toBe(false); // the story's own sentence
    expect(memory.isTemplate("outlet", signature.key, signature.words)).toBe(true); // a signature's line, as before
    memory.observe("outlet", "story-2", storyPage(2));
    expect(memory.isTemplate("outlet", sentence.key, sentence.words)).toBe(false);
    memory.observe("outlet", "story-3", storyPage(3)); // the third story carrying it
    expect(memory.isTemplate("outlet", sentence.key, sentence.words)).toBe(true);
    // A long line on every page does not make different stories one: the disclaimer reaches the
    // long lines' bar (20 pages) with the 20th story.
    for (let s = 4; s <= 19; s++) memory.observe("outlet", `story-${s}`, storyPage(s));
    expect(memory.isTemplate("outlet", disclaimer.key, disclaimer.words)).toBe(false);
    memory.observe("outlet", "story-20", storyPage(20));
    expect(memory.isTemplate("outlet", disclaimer.key, disclaimer.words)).toBe(true);
  });

  it("keys a short line by its words with its numbers masked, so a site's stamp lines become templates", () => {
    const stamp = (h: number, m: number) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")} ت م`;
    // the same key whatever the numbers, their length or their script; not for other words
    expect(keyOf(stamp(20, 26))).toBe(keyOf(stamp(7, 5)));
    expect(keyOf("٠٩:٤٥ ت م")).toBe(keyOf(stamp(9, 45)));
    expect(keyOf("زين تبدأ بالرمز 158 مسافة ثم الرسالة")).toBe(keyOf("زين تبدأ بالرمز 7 مسافة ثم الرسالة"));
    expect(keyOf("زين تبدأ بالرمز 158 مسافة ثم الرسالة")).not.toBe(keyOf("موبايلي تبدأ بالرمز 158 مسافة ثم الرسالة"));
    expect(keyOf("عدد المشاهدات 12")).not.toBe(keyOf("عدد 12 المشاهدات"));
    // a line without digits keeps its words' key; a line over 12 words keeps it with its numbers
    const plain = splitLines(HOUSE)[0];
    expect(plain.key).toBe(TemplateMemory.keyOfWords(plain.page.wordHash, plain.w0, plain.w1));
    const long = (n: number) => `وقال الوزير في المؤتمر الصحفي إن عدد المشاريع الجديدة في المنطقة بلغ ${n} مشروعا هذا العام`;
    expect(splitLines(long(12))[0].words).toBeGreaterThan(DEFAULT_TEMPLATE_OPTIONS.shortWords);
    expect(keyOf(long(12))).not.toBe(keyOf(long(13)));
    const memory = new TemplateMemory();
    for (let p = 0; p < 2; p++) memory.observe("wire", `w-${p}`, page(p, 3, [stamp(10 + p, 3 * p)]));
    expect(memory.isTemplate("wire", keyOf(stamp(23, 59)), 3)).toBe(false);
    memory.observe("wire", "w-2", page(2, 3, [stamp(16, 39)]));
    expect(memory.isTemplate("wire", keyOf(stamp(23, 59)), 3)).toBe(true); // on a page it has not seen
  });

  it("records promotions only once asked to, each line once, and adopts others' lines within a bound", () => {
    const quiet = new TemplateMemory();
    for (let p = 0; p < 3; p++) quiet.observe("outlet", `q-${p}`, page(p, 2, [HOUSE]));
    expect(quiet.takePromoted()).toEqual([]); // nothing would take them: none kept
    const memory = new TemplateMemory({ ...DEFAULT_TEMPLATE_OPTIONS, maxAdoptedPerSource: 2 });
    memory.recordPromotions();
    for (let p = 0; p < 5; p++) memory.observe("outlet", `p-${p}`, page(p, 2, [HOUSE]));
    expect(memory.takePromoted()).toEqual([{ source: "outlet", keys: [keyOf(HOUSE)] }]); // at the 3rd page, not again at the 4th and 5th
    expect(memory.takePromoted()).toEqual([]);
    const other = new TemplateMemory({ ...DEFAULT_TEMPLATE_OPTIONS, maxAdoptedPerSource: 2 });
    expect(other.isTemplate("outlet", keyOf(HOUSE), 5)).toBe(false);
    other.adopt("outlet", [keyOf(HOUSE), keyOf(NEW_HOUSE), 12345]);
    expect(other.isTemplate("outlet", keyOf(HOUSE), 5)).toBe(true);
    expect(other.isTemplate("outlet", keyOf(NEW_HOUSE), 7)).toBe(true);
    expect(other.adoptedCount("outlet")).toBe(2);
    expect(other.isTemplate("another outlet", keyOf(HOUSE), 5)).toBe(false);
    // A line already adopted is not promoted again when this process reaches it too.
    other.recordPromotions();
    for (let p = 0; p < 3; p++) other.observe("outlet", `o-${p}`, page(p, 2, [HOUSE]));
    expect(other.takePromoted()).toEqual([]);
  });
});

/**
 * The memory's counting on a Map and a Set per page, as first written (but for a line forgotten to
 * make room and met again on the same page, which the Set kept from counting again), with each
 * line's last story in a Map: the reference for the typed table.
 */
class ReferenceCounts {
  private readonly sources = new Map<string, { counts: Map<number, number>; stories: Map<number, number>; pages: Set<string> }>();
  constructor(private readonly o: typeof DEFAULT_TEMPLATE_OPTIONS) {}
  observe(source: string, pageId: string, lines: { key: number; words: number; terminal: boolean }[]): void {
    let state = this.sources.get(source);
    if (!state) { state = { counts: new Map(), stories: new Map(), pages: new Set() }; this.sources.set(source, state); }
    if (state.pages.has(pageId)) return;
    state.pages.add(pageId);
    // the story: the least key of the page's long lines that fewer than two stories have counted
    const unshared = lines.filter((l) => l.words > this.o.shortWords && (state.counts.get(l.key) ?? 0) < 2).map((l) => l.key);
    const story = unshared.length ? Math.min(...unshared) : 0;
    const seen = new Set<number>();
    for (const { key, words, terminal } of lines) {
      if (words === 0 || seen.has(key)) continue;
      seen.add(key);
      const lineStory = terminal ? story : 0; // only sentences are counted once a story
      if (state.counts.has(key) && lineStory !== 0 && state.stories.get(key) === lineStory) continue; // this story counted it
      state.stories.set(key, lineStory);
      const n = (state.counts.get(key) ?? 0) + 1;
      if (n === 1 && state.counts.size >= this.o.maxLinesPerSource) {
        for (const [k, c] of state.counts) if (c <= 1) { state.counts.delete(k); if (k !== key) state.stories.delete(k); }
        while (state.counts.size > 0 && state.counts.size >= (this.o.maxLinesPerSource * 3) / 4) {
          for (const [k, c] of state.counts) { if (c <= 1) { state.counts.delete(k); if (k !== key) state.stories.delete(k); } else state.counts.set(k, c >> 1); }
        }
        // a line forgotten to make room counts again if this page has it again
        for (const k of seen) if (k !== key && !state.counts.has(k)) seen.delete(k);
      }
      state.counts.set(key, n);
    }
  }
  isTemplate(source: string, key: number, words: number): boolean {
    const n = this.sources.get(source)?.counts.get(key) ?? 0;
    return n >= (words <= this.o.shortWords ? this.o.minDocsShort : this.o.minDocsLong);
  }
}

describe("TemplateMemory's line counts", () => {
  it("count as a Map of counts does, through pages sent again, repeated lines and full rooms (property)", () => {
    const options = { ...DEFAULT_TEMPLATE_OPTIONS, maxLinesPerSource: 12, minDocsLong: 4 };
    // a pool of lines: a few recur on many pages, most are rare; some are long (the higher threshold)
    const pool = Array.from({ length: 60 }, (_, i) => splitLines((i % 7 === 0 ? `سطر طويل ${i} ` + "كلمة ".repeat(14) : `سطر ${spelled(i)} من الصفحة`) + (i % 3 === 0 ? "." : ""))[0]);
    const pageArb = fc.record({
      source: fc.constantFrom("a", "b"),
      id: fc.integer({ min: 0, max: 40 }).map(String),
      lines: fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 14 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 59 }) }), { maxLength: 12 }),
    });
    let templates = 0, rooms = 0;
    fc.assert(fc.property(fc.array(pageArb, { minLength: 1, maxLength: 120 }), (pages) => {
      const memory = new TemplateMemory(options), reference = new ReferenceCounts(options);
      const distinct = new Set<number>();
      for (const p of pages) {
        const lines = p.lines.map((i) => pool[i]);
        memory.observe(p.source, p.id, lines);
        reference.observe(p.source, p.id, lines);
        for (const l of lines) distinct.add(l.key);
        for (const source of ["a", "b"]) for (const l of pool) {
          const expected = reference.isTemplate(source, l.key, l.words);
          expect(memory.isTemplate(source, l.key, l.words)).toBe(expected);
          if (expected) templates++;
        }
      }
      if (distinct.size > options.maxLinesPerSource) rooms++;
    }), { numRuns: 150 });
    expect(templates).toBeGreaterThan(100);
    expect(rooms).toBeGreaterThan(30); // rooms filled and made
  });
});
