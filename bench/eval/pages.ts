import type { Outlet } from "./outlets.js";
import type { Rng } from "./prng.js";

export interface StoryText { title: string; paragraphs: string[] }

export interface Furniture { readAlso?: StoryText; related: string[]; tags: string[] }

export interface BuiltPage {
  id: string;
  text: string;
  title?: string;
  source: string;
  publishedAt: string;
  /** Story group: pages of one group are copies of one story; -1 for none. */
  group: number;
  /** Group of the article carried as read-also, when it is an indexed story. */
  embedsGroup: number;
  version: string;
  /** Raw ranges of the title and body lines: the main content. */
  main: [number, number][];
}

/** Lays out a page as the outlet would, recording where the main content is. */
export function layoutPage(outlet: Outlet, story: StoryText, f: Furniture, rng: Rng): { text: string; main: [number, number][] } {
  const parts: { text: string; main: boolean }[] = [];
  const add = (text: string, main = false) => parts.push({ text, main });
  for (const c of outlet.chromeTop) add(c);
  add(story.title, true);
  for (const p of story.paragraphs) add(p, true);
  if (outlet.sourceLine) add(outlet.sourceLine);
  if (outlet.tagsLabel && f.tags.length) add(`${outlet.tagsLabel} ${f.tags.join(" ")}`);
  if (f.readAlso && outlet.readAlsoHeader) {
    add(outlet.readAlsoHeader);
    add(f.readAlso.title);
    for (const p of f.readAlso.paragraphs) add(p);
  }
  if (f.related.length) {
    if (outlet.relatedHeader) add(outlet.relatedHeader);
    const items = [...f.related];
    if (f.readAlso && outlet.readAlsoHeader) items.splice(rng.int(items.length + 1), 0, f.readAlso.title);
    for (const r of items) add(`${outlet.bullet}${r}`);
  }
  for (const line of outlet.footer) add(line);
  let text = "";
  const main: [number, number][] = [];
  parts.forEach((p, i) => {
    if (i > 0) text += rng.chance(0.7) ? "\n\n" : "\n";
    if (p.main) main.push([text.length, text.length + p.text.length]);
    text += p.text;
  });
  return { text, main };
}
