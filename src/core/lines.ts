import { normalizePage, type PageText } from "./normalize.js";
import { TemplateMemory } from "./template-memory.js";

/** One non-empty line of a page with its raw range (trimmed) and the features segmentation uses. */
export class PageLine {
  private decoded: string | undefined;
  readonly words: number;

  constructor(
    readonly start: number,
    readonly end: number,
    /** The page it belongs to, its normalized units there `[n0, n1)`, and its words `[w0, w1)` of `page.wordHash` / `page.wordRaw`. */
    readonly page: PageText,
    readonly n0: number,
    readonly n1: number,
    readonly w0: number,
    readonly w1: number,
    /** Template-memory key of the line (from its word hashes). */
    readonly key: number,
    readonly bullet: boolean,
    /** Ends like a sentence (. ! ? ؟ …) rather than like a headline or a label. */
    readonly terminal: boolean,
    /** Has a label's separator (`isLabelSeparatorAt`) within its first few words: "المصدر: …", "قد يهمك.. …". */
    readonly labelled: boolean,
  ) {
    this.words = w1 - w0;
  }

  /** The line's normalized text, decoded when first read (most body lines never are). */
  get text(): string {
    return (this.decoded ??= this.page.slice(this.n0, this.n1));
  }
}

/** Code units, not one-character strings: reading `raw[i]` of an Arabic page allocates a string each time. */
const unitSet = (chars: string[]) => new Set(chars.map((c) => c.charCodeAt(0)));
const BULLETS = unitSet(["•", "·", "▪", "●", "◦", "■", "►", "-", "*", "–", "—", "○", "◆", "✓"]);
const TERMINAL = unitSet([".", "!", "?", "؟", "…", "!", "。"]);
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) || c === 0xfeff || c === 0x202f;

export function splitLines(raw: string): PageLine[] {
  const page = normalizePage(raw);
  const out: PageLine[] = [];
  for (let k = 0; k < page.lineEnds.length; k++) {
    let s = k === 0 ? 0 : page.rawBreaks[k - 1] + 1;
    let e = k < page.rawBreaks.length ? page.rawBreaks[k] : raw.length;
    while (s < e && isSpace(raw.charCodeAt(s))) s++;
    while (e > s && isSpace(raw.charCodeAt(e - 1))) e--;
    if (e > s) out.push(describeLine(raw, s, e, page, k === 0 ? 0 : page.lineEnds[k - 1], page.lineEnds[k], k === 0 ? 0 : page.lineWords[k - 1], page.lineWords[k]));
  }
  return out;
}

function describeLine(raw: string, s: number, e: number, page: PageText, n0: number, n1: number, w0: number, w1: number): PageLine {
  const last = lastVisible(raw, s, e);
  let labelled = false;
  for (let i = s; i < e && i - s <= 40 && !labelled; i++) labelled = isLabelSeparatorAt(raw, i);
  return new PageLine(s, e, page, n0, n1, w0, w1, TemplateMemory.keyOfWords(page.wordHash, w0, w1), BULLETS.has(raw.charCodeAt(s)), TERMINAL.has(last), labelled);
}

/** A label's separator starts at raw[i]: ":", "..", "…" or "/" ("المصدر: …", "قد يهمك.. …", "قد يهمك/ …"). */
export function isLabelSeparatorAt(raw: string, i: number): boolean {
  const c = raw.charCodeAt(i);
  return c === 0x3a || c === 0x2026 || c === 0x2f || (c === 0x2e && raw.charCodeAt(i + 1) === 0x2e);
}

const CLOSERS = unitSet(["\"", "'", "»", "”", ")", "]"]);

/** Last code unit that is not a closing quote or bracket. */
function lastVisible(raw: string, s: number, e: number): number {
  let i = e - 1;
  while (i > s && CLOSERS.has(raw.charCodeAt(i))) i--;
  return raw.charCodeAt(i);
}
