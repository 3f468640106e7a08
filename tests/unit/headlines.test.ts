import { describe, expect, it } from "vitest";
import { clusterHeadlines, prepare, sameHeadline, speakerOf } from "../../src/core/headline-clusters.js";
import { UnionFind } from "../../src/core/union-find.js";
import { normalizeText } from "../../src/core/normalize.js";
import type { Headline } from "../../src/core/headlines.js";

const h = (text: string, id = "p"): { articleId: string; headline: Headline } => ({ articleId: id, headline: { role: "related_item", text, norm: normalizeText(text), start: 0, end: text.length } });

describe("related-headline clusters", () => {
  it("groups a headline re-typed or lightly reworded", () => {
    const c = clusterHeadlines([h("في مستهل جولة جديدة بالمنطقة.. بلينكن يلتقي السيسي بمصر", "a"), h("في مستهل جولة جديدة بالمنطقة.. بلينكن يلتقي السيسي في مصر", "b"), h("ارتفاع أسعار النفط في الأسواق العالمية", "c")]);
    expect(c).toHaveLength(1);
    expect(c[0].members.map((m) => m.articleId).sort()).toEqual(["a", "b"]);
  });

  it("keeps apart the same words from a different speaker", () => {
    expect(speakerOf("واشنطن: حان الوقت للتوصل إلى اتفاق")).toBe("واشنطن");
    expect(speakerOf("عاجل | بايدن: سنواصل العمل")).toBe("بايدن");
    const c = clusterHeadlines([h("واشنطن: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة"), h("هاريس: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار بغزة")]);
    expect(c).toHaveLength(0);
  });

  it("takes a re-typed speaker for the same speaker, and a re-typed label for a label", () => {
    expect(speakerOf("وزير الخارجيّة الأمريكيّ: حان الوقت")).toBe(speakerOf("وزير الخارجيه الامريكي : حان الوقت"));
    expect(speakerOf("عاجِل | حان الوقت")).toBeUndefined();
    const same = [
      ["الخارجية الأمريكية: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار", "الخارجيه الامريكيه: حان الوقت للتوصل الى اتفاق لوقف اطلاق النار"],
      ["وزير الخارجية الأمريكي: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار", "• وزير الخارجيّة الأمريكيّ ： حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار"],
      ["عاجل | بلينكن يلتقي السيسي في القاهرة لبحث اتفاق غزة", "عاجِل | بلينكن يلتقي السيسي في القاهرة لبحث اتفاق غزة"],
    ];
    for (const [a, b] of same) expect(sameHeadline(prepare(h(a)), prepare(h(b)))).toBe(true);
    expect(sameHeadline(prepare(h("الخارجية الأمريكية: حان الوقت للتوصل إلى اتفاق")), prepare(h("الخارجية الروسية: حان الوقت للتوصل إلى اتفاق")))).toBe(false);
  });

  it("never groups very short headlines", () => {
    expect(clusterHeadlines([h("عاجل"), h("عاجل")])).toHaveLength(0);
  });

  it("groups many copies of one headline as comparing every pair would, speakers and short ones kept apart", () => {
    const base = [
      "في مستهل جولة جديدة بالمنطقة.. بلينكن يلتقي السيسي بمصر",
      "في مستهل جولة جديدة بالمنطقة.. بلينكن يلتقي السيسي في مصر",
      "واشنطن: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة",
      "هاريس: حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة",
      "حان الوقت للتوصل إلى اتفاق لوقف إطلاق النار في غزة",
      "ارتفاع أسعار النفط في الأسواق العالمية",
      "ارتفاع اسعار النفط فى الاسواق العالميه",
      "عاجل",
      "افتتاح معرض الكتاب الدولي بمشاركة واسعة",
    ];
    // A related list repeats popular headlines on many pages: each headline many times, in a mixed order.
    const refs = Array.from({ length: 300 }, (_, i) => h(base[(i * 7 + (i >> 3)) % base.length], `p${i}`));
    const got = clusterHeadlines(refs).map((c) => c.members.map((m) => Number(m.articleId.slice(1))));
    const items = refs.map((r) => prepare(r));
    const uf = new UnionFind(refs.length);
    for (let i = 0; i < refs.length; i++) for (let j = 0; j < i; j++) if (sameHeadline(items[i], items[j])) uf.union(i, j);
    expect(got).toEqual(uf.groups());
    expect(got.length).toBeGreaterThanOrEqual(4); // the reworded pair, each speaker's line and the unattributed one, the re-typed pair, the exhibition
    expect(got.flat()).not.toContain(refs.findIndex((r) => r.headline.text === "عاجل"));
  });
});
