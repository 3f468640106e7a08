import { normalize, type NormalizedText } from "./normalize.js";

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
  const out: PageLine[] = [];
  let lineStart = 0;
  for (let i = 0; i <= raw.length; i++) {
    const c = i < raw.length ? raw.charCodeAt(i) : 0x0a;
    if (c !== 0x0a && c !== 0x2028 && c !== 0x2029 && c !== 0x85) continue;
    let s = lineStart;
    let e = i;
    while (s < e && isSpace(raw.charCodeAt(s))) s++;
    while (e > s && isSpace(raw.charCodeAt(e - 1))) e--;
    lineStart = i + 1;
    if (e > s) {
      const line = describeLine(raw, s, e);
      if (line) out.push(line);
    }
  }
  return out;
}

function describeLine(raw: string, s: number, e: number): PageLine | undefined {
  const norm = normalize(raw, s, e);
  const text = norm.text;
  let words = text.length === 0 ? 0 : 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x20) words++;
  const last = lastVisible(raw, s, e);
  const colonAt = raw.indexOf(":", s);
  return {
    start: s, end: e, norm, words,
    bullet: BULLETS.has(raw[s]),
    terminal: TERMINAL.has(last),
    colonLabel: colonAt >= 0 && colonAt < e && colonAt - s <= 40,
  };
}

const CLOSERS = new Set(["\"", "'", "»", "”", ")", "]"]);

/** Last character that is not a closing quote or bracket. */
function lastVisible(raw: string, s: number, e: number): string {
  let i = e - 1;
  while (i > s && CLOSERS.has(raw[i])) i--;
  return raw[i];
}
