import { loadSaudiNewsNet } from "../eval/corpus-data.js";

/** Real articles of 3–4 KB of UTF-8 (about 3.5 KB on average), in corpus order. */
export function benchArticles(limit = 4000): { id: string; text: string; source: string }[] {
  return loadSaudiNewsNet()
    .filter((d) => { const n = Buffer.byteLength(d.text); return n >= 3000 && n <= 4000; })
    .slice(0, limit)
    .map((d) => ({ id: d.id, text: d.text, source: d.source }));
}
