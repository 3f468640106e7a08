import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ownString } from "../../src/core/own-string.js";
import { testEngine } from "../helpers/engine.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapAfterGc = () => { gc(); gc(); return process.memoryUsage().heapUsed; };

describe("strings kept past a page", () => {
  it("copies every string exactly, odd Unicode included", () => {
    for (const s of ["", "a", "مرحبا", "x".repeat(12), "ي".repeat(13), "\uD800 lone \uDFFF", "😀".repeat(40), "\u0000\u200f\uFEFF".repeat(9)]) {
      expect(ownString(s)).toBe(s);
    }
    const page = "عنوان الخبر الرئيسي في صفحة طويلة جدا ".repeat(50);
    expect(ownString(page.slice(7, 90))).toBe(page.slice(7, 90));
  });

  it("lets the page go once only its headlines are kept", async () => {
    const engine = await testEngine();
    const related = ["ارتفاع أسعار النفط في الأسواق العالمية اليوم", "وزير الخارجية يلتقي نظيره الفرنسي في باريس", "افتتاح معرض الكتاب الدولي بمشاركة واسعة"];
    const bodyLine = "قالت وزارة الصحة في بيان اليوم إن الحملة الوطنية للتطعيم ستشمل جميع المناطق خلال الأسابيع المقبلة.";
    const page = (p: number) => [`عنوان الصفحة رقم ${p} عن حملة التطعيم الوطنية`, ...Array.from({ length: 6000 }, (_, i) => `${bodyLine} ${p} ${i}`), "مقالات ذات صلة", ...related.map((r) => `• ${r} ${p}`)].join("\n");
    engine.analyze({ id: "warm-up", text: page(-1) }); // the first analysis builds lasting state of its own
    const before = heapAfterGc();
    const kept = [];
    for (let p = 0; p < 6; p++) {
      const a = engine.analyze({ id: `p${p}`, text: page(p) }); // ~1.2 MB of two-byte text, raw and normalized each
      expect(a.headlines.filter((h) => h.role === "related_item")).toHaveLength(3);
      kept.push(a.headlines);
    }
    const grown = heapAfterGc() - before;
    expect(kept.flat().length).toBeGreaterThanOrEqual(24);
    // The headlines are a few KB. A headline holding its page keeps ~2.4 MB a page, ~14 MB for the six;
    // the margin is for the last page, which the engine may still hold (RegExp keeps its last input).
    expect(grown).toBeLessThan(3_000_000);
  });
});
