import { normalizePage, type PageText } from "./normalize.js";
import { TemplateMemory } from "./template-memory.js";

/** One non-empty line of a page with its raw range (trimmed) and the features segmentation uses. */
export interface PageLine {
  start: number;
  end: number;
  /** The line's normalized text. */
  text: string;
  /** The page it belongs to, and its words there: `[w0, w1)` of `page.wordHash` / `page.wordRaw`. */
  page: PageText;
  w0: number;
  w1: number;
  words: number;
  /** Template-memory key of the line (from its word hashes). */
  key: number;
  bullet: boolean;
  /** Ends like a sentence (. ! ? ؟ …) rather than like a headline or a label. */
  terminal: boolean;
  /** Has a colon within its first few words: "المصدر: …", "واشنطن: …". */
  colonLabel: boolean;
}

const BULLETS = new Set(["•", "·", "▪", "●", "◦", "■", "►", "-", "*", "–", "—", "○", "◆", "✓"]);
const TERMINAL = new Set([".", "!", "?", "؟", "…", "!", "。"]);
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) || c === 0xfeff || c === 0x202f;

export function splitLines(raw: string): PageLine[] {
  const page = normalizePage(raw);
  const out: PageLine[] = [];
  for (let k = 0; k < page.lineEnds.length; k++) {
    let s = k === 0 ? 0 : page.rawBreaks[k - 1] + 1;
    let e = k < page.rawBreaks.length ? page.rawBreaks[k] : raw.length;
    while (s < e && isSpace(raw.charCodeAt(s))) s++;
    while (e > s && isSpace(raw.charCodeAt(e - 1))) e--;
    if (e > s) {
      const text = page.text.slice(k === 0 ? 0 : page.lineEnds[k - 1], page.lineEnds[k]);
      out.push(describeLine(raw, s, e, text, page, k === 0 ? 0 : page.lineWords[k - 1], page.lineWords[k]));
    }
  }
  return out;
}

function describeLine(raw: string, s: number, e: number, text: string, page: PageText, w0: number, w1: number): PageLine {
  const last = lastVisible(raw, s, e);
  let colonLabel = false;
  for (let i = s; i < e && i - s <= 40 && !colonLabel; i++) colonLabel = raw.charCodeAt(i) === 0x3a;
  return {
    start: s, end: e, text, page, w0, w1, words: w1 - w0, key: TemplateMemory.keyOfWords(page.wordHash, w0, w1),
    bullet: BULLETS.has(raw[s]),
    terminal: TERMINAL.has(last),
    colonLabel,
  };
}

const CLOSERS = new Set(["\"", "'", "»", "”", ")", "]"]);

/** Last character that is not a closing quote or bracket. */
function lastVisible(raw: string, s: number, e: number): string {
  let i = e - 1;
  while (i > s && CLOSERS.has(raw[i])) i--;
  return raw[i];
}
