import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SEEDS_DIR = fileURLToPath(new URL("../../../shared/seeds/", import.meta.url));

/** The five real scraped seed pages, by their three-digit prefix. */
export function loadSeeds(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(SEEDS_DIR).sort()) out.set(f.slice(0, 3), readFileSync(SEEDS_DIR + f, "utf8"));
  return out;
}

/** A long Arabic story made of distinct sentences, for relation tests. */
export function story(seed: number, sentences = 12): string {
  const words = ["الحكومة", "أعلنت", "اليوم", "عن", "خطة", "جديدة", "لدعم", "الاقتصاد", "الوطني", "وتطوير", "البنية", "التحتية", "في", "المناطق", "الشمالية", "والجنوبية", "وقال", "الوزير", "إن", "المشروع", "سيوفر", "آلاف", "الوظائف", "للشباب", "خلال", "السنوات", "المقبلة", "مؤكدا", "أهمية", "الشراكة", "مع", "القطاع", "الخاص"];
  let x = seed * 7919 + 13;
  const next = () => { x = (x * 1103515245 + 12345) & 0x7fffffff; return x; };
  const out: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const n = 10 + (next() % 8);
    out.push(Array.from({ length: n }, () => words[next() % words.length]).join(" ") + ` ${seed}${s}.`);
  }
  return out.join("\n\n");
}
