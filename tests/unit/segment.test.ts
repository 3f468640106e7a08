import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { segmentPage } from "../../src/core/segment.js";
import { TemplateMemory } from "../../src/core/template-memory.js";
import { splitLines } from "../../src/core/lines.js";
import { loadSeeds } from "../helpers/seeds.js";
import { seedLineAccuracy, LABEL_OF_ROLE } from "../../bench/eval/seed-lines.js";

const labelsPath = fileURLToPath(new URL("../../../shared/data/seed_blocks_labeled.jsonl", import.meta.url));

describe("segmentPage on the five real seeds", () => {
  it("labels the seed lines as the labeled file does (≥ 0.97)", () => {
    const r = seedLineAccuracy();
    expect(r.total).toBe(readFileSync(labelsPath, "utf8").trim().split("\n").length);
    expect(r.correct / r.total).toBeGreaterThanOrEqual(0.97);
  });

  it("finds source, tags, read-also and related blocks in seed 003, the appended article longer than the story", () => {
    const raw = loadSeeds().get("003")!;
    const seg = segmentPage(raw);
    expect(seg.blocks.map((b) => b.kind)).toEqual(["body", "source", "tags", "read_also", "related"]);
    const body = seg.blocks[0], ra = seg.blocks[3];
    expect(ra.end - ra.start).toBeGreaterThan(body.end - body.start);
    expect(raw.slice(seg.blocks[1].start, seg.blocks[1].end)).toBe("المصدر: CNN Arabic");
    expect(raw.slice(ra.start, ra.start + 11)).toBe("إقرأ أيضاً:");
  });

  it("gives block offsets that are ordered, non-overlapping and inside the text", () => {
    for (const raw of loadSeeds().values()) {
      const { blocks } = segmentPage(raw);
      let last = 0;
      for (const b of blocks) {
        expect(b.start).toBeGreaterThanOrEqual(last);
        expect(b.end).toBeGreaterThan(b.start);
        expect(b.end).toBeLessThanOrEqual(raw.length);
        last = b.end;
      }
    }
  });

  it("maps every role to a seed label", () => {
    expect(new Set(Object.values(LABEL_OF_ROLE))).toEqual(new Set(["main", "source_attribution", "tags", "read_also_header", "read_also_article_title", "read_also_article_body", "related_header", "related_item", "site_chrome"]));
  });
});

describe("segmentPage beyond the seeds' markers", () => {
  const para = "وقال المتحدث باسم الوزارة في مؤتمر صحفي عقده اليوم إن العمل مستمر على تنفيذ المشروع الذي يخدم آلاف المواطنين في المنطقة.";
  const page = (furniture: string) => `عنوان الخبر الرئيسي اليوم\n\n${para}\n\n${para} ثانيا\n\n${furniture}`;
  const kinds = (raw: string) => segmentPage(raw).lines.map((l) => l.role);

  it.each([
    ["اقرأ ايضا", "read_also_header"],
    ["شاهد أيضاً:", "read_also_header"],
    ["قد يهمك", "read_also_header"],
    ["مواضيع ذات صلة", "related_header"],
    ["أخبار ذات صلة:", "related_header"],
    ["الأكثر قراءة", "related_header"],
    ["// انتهى //", "boilerplate"],
    ["جميع الحقوق محفوظة © 2024", "boilerplate"],
    ["تابعونا على تويتر", "boilerplate"],
    ["الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس", "boilerplate"],
  ])("recognizes %s", (marker, role) => {
    expect(kinds(page(marker))[3]).toBe(role);
  });

  it("takes a header-less bulleted list at the end as related items", () => {
    const roles = kinds(page("• خبر أول عن الاقتصاد\n• خبر ثان عن الرياضة!!\n• خبر ثالث عن الطقس؟"));
    expect(roles.slice(3)).toEqual(["related_item", "related_item", "related_item"]);
  });

  it("keeps a body sentence that merely starts with a marker word", () => {
    const raw = `${para}\n\nالمصدر نفسه أكد في تصريح مطول للصحفيين أن الحكومة ماضية في خططها لتطوير البنية التحتية في جميع المناطق دون استثناء وفي أسرع وقت ممكن`;
    expect(kinds(raw)[1]).toBe("body");
  });

  it("takes a marker set off by \"..\" or \"…\" as a colon sets it off: an inline read-also title of any length", () => {
    const title = "هل ستحل قوة عربية بقيادة السعودية ومصر محل القوات الأمريكية في سوريا خلال الأشهر المقبلة؟"; // 14 words
    for (const sep of [": ", ".. ", "… "]) expect(kinds(`${para}\nقد يهمك${sep}${title}\n${para}`)[1]).toBe("read_also_header");
    expect(kinds(`${para}\nقد يهمك ${title}\n${para}`)[1]).toBe("body"); // a long line with no separator reads as a sentence
  });

  it("takes an inline link to another piece for read-also: a verb, then a separator at once, inside the story (CNN and BBC, 50 ANT lines)", () => {
    const title = "ما هي أول دولة عربية تخطط لاستكشاف المريخ خلال السنوات المقبلة؟";
    for (const head of ["شاهد..", "اقرأ:", "إقرأ :", "طالع/", "استمع …", "قد يهمك/"]) expect(kinds(`${para}\n${head} ${title}\n${para}`)[1]).toBe("read_also_header");
    expect(kinds(`${para}\nشاهد الملايين المباراة النهائية في الملعب الكبير مساء أمس.\n${para}`)[1]).toBe("body"); // the verb in a sentence
    expect(kinds(`${para}\nاقرأ مدونة الكاتب حول هذه القضية في الموقع\n${para}`)[1]).toBe("body"); // no separator after the verb
    expect(kinds(`شاهد.. فتاة تقاوم متحرشا بعصا في رابع حادث خلال شهر\n${para}\n${para}`)[0]).toBe("title"); // above the story: a video story's own title
  });

  it("learns an unmarked house line from recurrence across a source's pages", () => {
    const memory = new TemplateMemory();
    const house = "فريق التحرير في قسم الأخبار"; // no dash: not a sign-off by its shape
    for (let i = 0; i < 3; i++) memory.observe("outlet", `page-${i}`, splitLines(`${para} ${i}\n${house}`));
    const seg = segmentPage(`${para}\n${house}`, { source: "outlet", templates: memory });
    expect(seg.lines[1].role).toBe("boilerplate");
    const other = segmentPage(`${para}\n${house}`, { source: "another outlet", templates: memory });
    expect(other.lines[1].role).toBe("body");
  });

  it("ends the story at a copyright line: short lines after it are the footer, a paragraph stays body, and a copyright line above the story closes nothing", () => {
    const byline = "فريق تحرير البوابة في قسم الأخبار المحلية"; // no dash: not a sign-off by its shape
    expect(kinds(`${para}\n${para} ثانية\nجميع الحقوق محفوظة © 2024\n${byline}`).slice(2)).toEqual(["boilerplate", "boilerplate"]);
    expect(kinds(`${para}\n${byline}`)[1]).toBe("body"); // without the copyright line nothing tells it apart
    expect(kinds(`${para}\nجميع الحقوق محفوظة\n${para} تتمة.`)[2]).toBe("body");
    expect(kinds(`جميع الحقوق محفوظة\n${para}\n${byline}`)[2]).toBe("body");
  });

  it("ends a wire story at its end mark (// انتهى //): the time stamp under it is the footer, a paragraph stays body", () => {
    // SaudiNewsNet's SPA stories end so: 291 of its pages kept the stamp ("20:26 ت م", Makkah time) in the body.
    expect(kinds(`${para}\n// انتهى //\n20:26 ت م`).slice(1)).toEqual(["boilerplate", "boilerplate"]);
    expect(kinds(`${para}\n//انتهـــى//\n١٦:١٣ ت م`).slice(1)).toEqual(["boilerplate", "boilerplate"]);
    expect(kinds(`${para}\n20:26 ت م`)[1]).toBe("body"); // without the mark nothing tells it apart
    expect(kinds(`${para}\n// انتهى //\n${para} تتمة.`)[2]).toBe("body");
  });

  it("takes an opinion piece's byline and disclaimer for boilerplate (CNN Arabic, 7 ANT pages)", () => {
    const line = "هذا المقال بقلم كاتبة الرأي، والآراء الواردة أدناه تعبر عن رأي الكاتبة، ولا تعكس بالضرورة وجهة نظر الشبكة.";
    expect(kinds(`${line}\n${para}`)[0]).toBe("boilerplate");
  });

  it("after a closing line, still finds a header-less related list, and takes a paragraph for the story going on", () => {
    const list = "- قائد قوات الأنبار يعلن محاصرة المسلحين\n- الدفاع المدني يشن حملة تفتيشية\n- مقتل جنود بانفجار على الحدود";
    expect(kinds(`${para}\n// انتهى //\n${list}`).slice(2)).toEqual(["related_item", "related_item", "related_item"]);
    expect(kinds(`${para}\n// انتهى //\n${para} تتمة.\nسطر قصير من القصة بلا نقطة`).slice(2)).toEqual(["body", "body"]);
    expect(kinds(`${para}\n// انتهى //\nسطر قصير بلا نقطة\n${para} تتمة.`)[2]).toBe("boilerplate"); // before the paragraph: footer
  });

  it("ends a column at its contact line: the writer's reply code and numbers under it are the footer", () => {
    // SaudiNewsNet's Al-Madina columns: 65 pages kept the reply-code line in the body.
    const footer = "للتواصل مع الكاتب ارسل رسالة SMS\nتبدأ بالرمز (10) ثم مسافة ثم نص الرسالة إلى\n88591 - Stc\n635031 - Mobily";
    expect(kinds(`${para}\n${footer}`).slice(1)).toEqual(["boilerplate", "boilerplate", "boilerplate", "boilerplate"]);
    expect(kinds(`${para}\nتبدأ بالرمز (10) ثم مسافة ثم نص الرسالة إلى`)[1]).toBe("body"); // without the contact line nothing tells it apart
  });

  it("keeps a header-less related list whole when the template memory took some of its headlines for boilerplate", () => {
    const memory = new TemplateMemory();
    const recurring = "• الذهب يرتفع مع تراجع الدولار"; // a related headline the source shows on many pages
    for (let i = 0; i < 3; i++) memory.observe("outlet", `page-${i}`, splitLines(`${para} ${i}\n${recurring}`));
    const raw = `${para}\nالمصدر: البوابة\n• من خارج صندوق التلفزيون\n${recurring}\n• بالسخرية المجتمع يحاكم أفكاره\n• طريق الشاطئ بحاجة إلى صيانة`;
    const roles = segmentPage(raw, { source: "outlet", templates: memory }).lines.map((l) => l.role);
    expect(roles).toEqual(["body", "source", "related_item", "boilerplate", "related_item", "related_item"]);
  });

  it("takes a credit line above the story (place or outlet, dash, agency) for boilerplate, and only there", () => {
    const title = "إصابة إعلامي ومقتل زوجته في إطلاق نار ببيروت";
    for (const credit of ["عين اليوم – متابعات", "الرياض - واس", "واشنطن — أ ف ب", "عين اليوم\u00a0– متابعات"]) { // the last with a no-break space, as re-typing leaves it
      expect(segmentPage(`${title}\n${credit}\n${para}\n${para} ثانيا`).lines.map((l) => l.role)).toEqual(["title", "boilerplate", "body", "body"]);
    }
    expect(segmentPage(`${title}\n${para}\nالرياض - واس\n${para} ثانيا`).lines[2].role).toBe("body"); // below a paragraph
    expect(segmentPage(`${title}\nتعليم ثنائي-اللغة للجميع\n${para}`).lines[1].role).toBe("body"); // a hyphen inside a word
  });

  it("takes a sign-off under the story (a credit line, a short note in brackets) for its source, and only as its last body line", () => {
    const title = "إصابة إعلامي ومقتل زوجته في إطلاق نار ببيروت";
    for (const signOff of ["أريج زياد عنبرة - الرياض", "(واس)", "(أ. ف. ب)", "(تصوير: علي الشهري)"]) {
      expect(segmentPage(`${title}
${para}
${para} ثانيا
${signOff}`).lines.map((l) => l.role)).toEqual(["title", "body", "body", "source"]);
      expect(segmentPage(`${title}
${para}
${signOff}
${para} ثانيا`).lines[2].role).toBe("body"); // not the last body line
    }
    expect(segmentPage(`${title}
${para}
(إنا لله وإنا إليه راجعون)`).lines[2].role).toBe("body"); // a quoted phrase
    expect(segmentPage(`${title}
${para}
10 - الإسبانية كارلا سواريز`).lines[2].role).toBe("body"); // a numbered list's item
    expect(segmentPage(`${title}
${para}
والله ولي التوفيق`).lines[2].role).toBe("body"); // a short closing sentence
    expect(segmentPage(`${title}
قصة قصيرة
(واس)`).lines[2].role).toBe("body"); // no paragraph above it
  });

  it("handles empty, blank and odd input", () => {
    expect(segmentPage("").blocks).toEqual([]);
    expect(segmentPage("\n\n   \n").blocks).toEqual([]);
    expect(() => segmentPage("\ud800\udfff\u0000\u202e" + "ا".repeat(10_000))).not.toThrow();
  });
});
