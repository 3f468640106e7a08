import { describe, expect, it } from "vitest";
import { clusterHeadlines, speakerOf } from "../../src/core/headline-clusters.js";
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

  it("never groups very short headlines", () => {
    expect(clusterHeadlines([h("عاجل"), h("عاجل")])).toHaveLength(0);
  });
});
