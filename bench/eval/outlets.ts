import type { Rng } from "./prng.js";

/** A synthetic outlet's page template: how it writes each piece of furniture. */
export interface Outlet {
  name: string;
  chromeTop: string[];
  sourceLine?: string;
  tagsLabel?: string;
  readAlsoHeader?: string;
  relatedHeader?: string | null; // null: a header-less bullet list
  bullet: string;
  footer: string[];
}

const HEADERS_RA = ["إقرأ أيضاً:", "اقرأ أيضا", "اقرأ أيضًا:", "شاهد أيضاً:", "قد يهمك", "طالع أيضا:", "إقرأ ايضاً"];
const HEADERS_REL = ["مقالات مشابهة", "مواضيع ذات صلة", "أخبار ذات صلة", "الأكثر قراءة", "موضوعات ذات صلة", "اخبار متعلقة", null];
const TAGS = ["كلمات دلالية:", "الوسوم:", "الكلمات المفتاحية:", "وسوم:"];
const TOPS = [["آخر الأخبار"], ["الرئيسية"], [], [], ["أخبار عاجلة"]];
const BULLETS = ["  • ", "• ", "- ", "▪ ", "* "];

export function makeOutlets(rng: Rng, n: number): Outlet[] {
  const outlets: Outlet[] = [];
  for (let i = 0; i < n; i++) {
    const name = `بوابة ${["الخليج", "النيل", "الشرق", "المساء", "الفجر", "الصباح", "الوطن", "الحدث", "البلد", "اليوم"][i % 10]} ${i}`;
    outlets.push({
      name,
      chromeTop: rng.pick(TOPS),
      sourceLine: rng.chance(0.8) ? `المصدر: ${name}` : undefined,
      tagsLabel: rng.chance(0.7) ? rng.pick(TAGS) : undefined,
      readAlsoHeader: rng.chance(0.8) ? rng.pick(HEADERS_RA) : undefined,
      relatedHeader: rng.pick(HEADERS_REL),
      bullet: rng.pick(BULLETS),
      // one unmarked house line per outlet: only the template memory can learn it
      footer: [rng.chance(0.5) ? "جميع الحقوق محفوظة © 2024" : "تابعونا على تويتر وفيسبوك", `فريق تحرير ${name} - قسم الأخبار المحلية`],
    });
  }
  return outlets;
}
