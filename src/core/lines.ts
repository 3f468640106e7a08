import { FNV_PRIME, fmix32 } from "./hash.js";
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
  return new PageLine(s, e, page, n0, n1, w0, w1, keyOfLine(page, n0, n1, w0, w1), BULLETS.has(raw.charCodeAt(s)), TERMINAL.has(last), labelled);
}

/** Lines of at most this many words are keyed with their numbers masked when they have any. */
const MASKED_WORDS = 12;
const MASK_SEED = 0x23646967;

/**
 * A line's template-memory key: from its word hashes, or, for a short line with a digit, from its
 * normalized units with each run of digits as one mark. A site's stamp lines differ only in their
 * numbers ("20:26 ت م", "تبدأ بالرمز (10) ثم مسافة …", "عدد المشاهدات 1234"): keyed by their words,
 * each time and code is a line of its own, seen on too few pages to become a template.
 */
function keyOfLine(page: PageText, n0: number, n1: number, w0: number, w1: number): number {
  if (w1 - w0 > MASKED_WORDS) return TemplateMemory.keyOfWords(page.wordHash, w0, w1);
  const codes = page.codes;
  let i = n0;
  while (i < n1 && (codes[i] < 0x30 || codes[i] > 0x39)) i++;
  if (i === n1) return TemplateMemory.keyOfWords(page.wordHash, w0, w1);
  let h = MASK_SEED, digits = false;
  for (i = n0; i < n1; i++) {
    const c = codes[i];
    const digit = c >= 0x30 && c <= 0x39;
    if (!digit) h = Math.imul(h ^ c, FNV_PRIME);
    else if (!digits) h = Math.imul(h ^ 0x23, FNV_PRIME);
    digits = digit;
  }
  return fmix32(h);
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
