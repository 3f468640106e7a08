import { normalizeLines, sliceNormalized, type NormalizedText } from "./normalize.js";

/** One non-empty line of a page with its raw range (trimmed) and the features segmentation uses. */
export interface PageLine {
  start: number;
  end: number;
  norm: NormalizedText;
  words: number;
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
  const all = normalizeLines(raw);
  const out: PageLine[] = [];
  for (let k = 0; k < all.lineEnds.length; k++) {
    let s = k === 0 ? 0 : all.rawBreaks[k - 1] + 1;
    let e = k < all.rawBreaks.length ? all.rawBreaks[k] : raw.length;
    while (s < e && isSpace(raw.charCodeAt(s))) s++;
    while (e > s && isSpace(raw.charCodeAt(e - 1))) e--;
    if (e > s) out.push(describeLine(raw, s, e, sliceNormalized(all, k === 0 ? 0 : all.lineEnds[k - 1], all.lineEnds[k])));
  }
  return out;
}

function describeLine(raw: string, s: number, e: number, norm: NormalizedText): PageLine {
  const text = norm.text;
  let words = text.length === 0 ? 0 : 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x20) words++;
  const last = lastVisible(raw, s, e);
  let colonLabel = false;
  for (let i = s; i < e && i - s <= 40 && !colonLabel; i++) colonLabel = raw.charCodeAt(i) === 0x3a;
  return {
    start: s, end: e, norm, words,
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
