import type { PageInput } from "./page.js";
import type { Segmentation } from "./segment.js";
import { normalizeText } from "./normalize.js";
import { ownString } from "./own-string.js";

/** A headline found on a page: its title, a related-list item or a read-also title. */
export interface Headline {
  role: "title" | "related_item" | "read_also_title";
  text: string;
  norm: string;
  /** Raw offsets in the page text; -1 when the title came from the input's `title` field. */
  start: number;
  end: number;
}

export function extractHeadlines(page: PageInput, seg: Segmentation): Headline[] {
  const out: Headline[] = [];
  if (page.title) out.push({ role: "title", text: page.title, norm: normalizeText(page.title), start: -1, end: -1 });
  for (const { line, role } of seg.lines) {
    if (role !== "related_item" && role !== "read_also_title" && !(role === "title" && !page.title)) continue;
    // Cut from the page's raw text: copied, or a kept headline would keep the page whole. The
    // normalized text is the line's own string (decoded from the page's code units).
    out.push({ role, text: ownString(page.text.slice(line.start, line.end)), norm: line.text, start: line.start, end: line.end });
  }
  return out.filter((h) => h.norm.length > 0);
}
