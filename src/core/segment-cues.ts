import { isLabelSeparatorAt, type PageLine } from "./lines.js";
import { normalizePage } from "./normalize.js";
import type { LineRole } from "./segment.js";

const MONTHS = /(يناير|فبراير|مارس|ابريل|مايو|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر|محرم|صفر|ربيع|جمادي|رجب|شعبان|رمضان|شوال|القعده|الحجه)/;

/** A dateline on its own line: "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس". */
export function isDateline(line: PageLine): boolean {
  if (line.words > 14 || line.terminal) return false;
  const t = line.text;
  return /\d/.test(t) && MONTHS.test(t) && /(^| )(ه|م|واس|الموافق)( |$)/.test(t);
}

/** A space as a page may type it around a dash: plain, no-break (as outlets and re-typing put it), or another Unicode space. */
const isSpace = (c: number) => c === 0x20 || c === 0xa0 || c === 0x202f || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);

/** Verbs that head a link to another piece ("read", "watch", "see", "listen"), by their normalized words' hashes. */
const LINK_VERBS = new Set(["اقرأ", "شاهد", "طالع", "استمع"].map((w) => normalizePage(w).wordHash[0]));

/**
 * A link to another piece inside a page: "اقرأ: …", "شاهد.. …", "طالع/ …". The verb is its first
 * word and a label's separator follows it at once (checked on the raw line: normalization turns
 * punctuation into spaces); a story's sentence that opens with the same verb ("شاهد الملايين
 * المباراة") goes on with a word.
 */
export function isLinkLabel(raw: string, line: PageLine): boolean {
  if (line.words < 2 || !LINK_VERBS.has(line.page.wordHash[line.w0])) return false;
  let i = line.page.wordRaw[2 * line.w0 + 1];
  while (i < line.end && isSpace(raw.charCodeAt(i))) i++;
  return isLabelSeparatorAt(raw, i);
}

/**
 * A credit line above the story: a place or an outlet, a dash, an agency or "متابعات" — "الرياض -
 * واس", "عين اليوم – متابعات", "واشنطن — أ ف ب". Two to six words, no sentence end, no bullet, a
 * spaced dash between two short sides (checked on the raw line: normalization drops the dash).
 */
export function isCreditLine(raw: string, line: PageLine): boolean {
  if (line.words < 2 || line.words > 6 || line.terminal || line.bullet) return false;
  for (let i = line.start + 1; i < line.end - 1; i++) {
    const c = raw.charCodeAt(i);
    if ((c === 0x2d || c === 0x2013 || c === 0x2014) && isSpace(raw.charCodeAt(i - 1)) && isSpace(raw.charCodeAt(i + 1))) return true;
  }
  return false;
}

/**
 * The story's sign-off, if its last body line is one: after a paragraph (`paragraph` words or more),
 * a credit line ("أريج زياد عنبرة - الرياض", "عمان - الأردن") or a short note wholly in brackets
 * ("(واس)", "(أ. ف. ب)", "(تصوير: علي الشهري)"): who wrote, sent or photographed the story, which
 * a copy at another outlet does not carry. At most four words inside brackets, so a quoted phrase
 * such as "(إنا لله وإنا إليه راجعون)" stays the story's. Returns the line's index, or -1.
 */
export function signOffAt(raw: string, lines: PageLine[], roles: LineRole[], paragraph: number): number {
  const last = roles.lastIndexOf("body");
  if (last < 1) return -1;
  const line = lines[last];
  if (line.words < 1 || line.words > 6 || line.terminal || line.bullet || /^[0-9]/.test(line.text)) return -1; // "10 - …": a list's item
  let story = false;
  for (let j = 0; j < last && !story; j++) story = roles[j] === "body" && lines[j].words >= paragraph;
  if (!story) return -1;
  const text = raw.slice(line.start, line.end).trim();
  const bracketed = /^[([][^()[\]]*[)\]]$/.test(text) && line.words <= 4;
  return bracketed || isCreditLine(raw, line) ? last : -1;
}

/** A read-also title that reappears among later short lines (the related list) marks an appended article. */
export function titleReappears(lines: PageLine[], titleAt: number): boolean {
  const title = lines[titleAt].text;
  if (title.length < 10) return false;
  for (let j = titleAt + 1; j < lines.length; j++) {
    const other = lines[j];
    if (other.words <= 30 && (other.text === title || other.text.includes(title))) return true;
  }
  return false;
}

/**
 * Header-less related lists: a run of three or more short bullet lines after which no
 * substantial body paragraph follows. Bulleted lines already taken for boilerplate (headlines the
 * template memory has seen on many of the source's pages) belong to the run and keep their role,
 * but for `footer` lines (boilerplate only for following a closing line), which become items too.
 */
export function findRelatedRuns(lines: PageLine[], roles: LineRole[], footer: ReadonlySet<number>): number[] {
  const out: number[] = [];
  let runStart = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const item = (roles[i] === "body" || roles[i] === "boilerplate") && l.bullet && l.words <= 20; // headlines may end in "!!" or "؟"
    if (item && runStart < 0) runStart = i;
    if (!item) runStart = endRun(lines, roles, runStart, i, out, footer);
  }
  endRun(lines, roles, runStart, lines.length, out, footer);
  return out;
}

/** Ends a run of bulleted lines at `end`: three or more with no body paragraph after them are related items. Returns -1. */
function endRun(lines: PageLine[], roles: LineRole[], runStart: number, end: number, out: number[], footer: ReadonlySet<number>): number {
  if (runStart >= 0 && end - runStart >= 3 && !bodyFollows(lines, roles, end)) for (let k = runStart; k < end; k++) if (roles[k] === "body" || footer.has(k)) out.push(k);
  return -1;
}

function bodyFollows(lines: PageLine[], roles: LineRole[], from: number): boolean {
  for (let i = from; i < lines.length; i++) if (roles[i] === "body" && lines[i].words >= 15) return true;
  return false;
}
