import { normalizeText } from "./normalize.js";

/** What a marker line announces. */
export type MarkerKind = "source" | "tags" | "read_also" | "related" | "boilerplate" | "closing" | "chrome";

/**
 * The marker lexicon, written as sites write it; entries are normalized at load so that every
 * spelling variant (إقرأ أيضاً / اقرأ ايضا / اقرا أيضًا) matches the same key.
 * A prefix marker matches the start of a line; a whole marker must be the entire line.
 */
const PREFIX: [MarkerKind, string[]][] = [
  ["source", ["المصدر", "مصدر الخبر", "نقلا عن", "نقلاً عن", "source"]],
  ["tags", ["كلمات دلالية", "الكلمات الدلالية", "كلمات مفتاحية", "الكلمات المفتاحية", "الوسوم", "وسوم", "تاغ", "tags"]],
  ["read_also", ["إقرأ أيضاً", "اقرأ أيضا", "اقرأ كذلك", "إقرأ المزيد", "اقرأ المزيد", "شاهد أيضاً", "شاهد ايضا", "طالع أيضاً", "طالع ايضا", "قد يهمك", "قد يهمك أيضاً", "للمزيد", "اقرأ ايضا", "read also", "read more"]],
  ["related", ["مقالات مشابهة", "مقالات ذات صلة", "مواضيع ذات صلة", "موضوعات ذات صلة", "أخبار ذات صلة", "اخبار متعلقة", "أخبار متعلقة", "مواضيع متعلقة", "الأكثر قراءة", "الأكثر مشاهدة", "الأكثر تداولا", "قد يعجبك أيضا", "قد يعجبك ايضا", "المزيد من الأخبار", "أخبار أخرى", "related"]],
  // a copyright line closes the page: what follows it is the site's footer (see segment.ts); so does
  // a column's contact line ("للتواصل مع الكاتب ارسل رسالة SMS", then the writer's reply code)
  ["closing", ["جميع الحقوق محفوظة", "حقوق النشر محفوظة", "حقوق الطبع محفوظة", "copyright", "all rights reserved", "للتواصل مع الكاتب"]],
  ["boilerplate", ["تابعونا على", "تابعنا على", "تابعوا", "للتواصل أرسل", "شارك هذا", "شارك الخبر", "شارك المقال", "طباعة", "أرسل لصديق", "جميع المقالات المنشورة تمثل", "الآراء الواردة", "المقال يعبر عن", "هذا المقال بقلم", "رابط الخبر بصحيفة", "لقراءة الحوار كاملا", "لقراءة المقال كاملا", "اشترك في", "حمل تطبيق", "تحميل تطبيق"]],
];

const WHOLE: [MarkerKind, string[]][] = [
  // "انتهى" ends a wire story (SPA's "// انتهى //"): what follows it is the story's footer, as after a copyright line
  ["closing", ["// انتهى //", "انتهى"]],
  ["boilerplate", ["// يتبع //", "يتبع", "...المزيد", "المزيد", "عاجل", "شارك", "share", "tweet", "إلى اللقاء"]],
  ["chrome", ["آخر الأخبار", "الرئيسية", "الصفحة الرئيسية", "أخبار عاجلة", "القائمة", "بحث", "home", "menu", "search", "تسجيل الدخول", "اشترك", "النشرة البريدية"]],
];

/** Prefixes grouped by their first two code units, longest first, so a line tries only its few. */
interface Lexicon { prefix: Map<number, [string, MarkerKind][]>; whole: Map<string, MarkerKind>; longestWhole: number }

const lead = (s: string) => (s.charCodeAt(0) << 16) | s.charCodeAt(1);

function build(): Lexicon {
  const prefix: [string, MarkerKind][] = [];
  for (const [kind, words] of PREFIX) for (const w of words) prefix.push([normalizeText(w), kind]);
  prefix.sort((a, b) => b[0].length - a[0].length); // longest first: "قد يهمك ايضا" before "قد يهمك"
  const whole = new Map<string, MarkerKind>();
  for (const [kind, words] of WHOLE) for (const w of words) whole.set(normalizeText(w), kind);
  for (const [k, kind] of prefix) if (!whole.has(k)) whole.set(k, kind);
  const byLead = new Map<number, [string, MarkerKind][]>();
  for (const entry of prefix) {
    const list = byLead.get(lead(entry[0]));
    if (list) list.push(entry); else byLead.set(lead(entry[0]), [entry]);
  }
  let longestWhole = 0;
  for (const k of whole.keys()) longestWhole = Math.max(longestWhole, k.length);
  return { prefix: byLead, whole, longestWhole };
}

const LEXICON = build();

export interface MarkerMatch {
  kind: MarkerKind;
  /** Normalized characters after the marker: an inline title or tag list, or "" for a bare header. */
  rest: string;
}

/** Matches a normalized line against the lexicon. A prefix must end at a word boundary. */
export function matchMarker(normLine: string): MarkerMatch | undefined {
  // Longer lines cannot be whole markers: skip the lookup, which would hash the whole line.
  const whole = normLine.length <= LEXICON.longestWhole ? LEXICON.whole.get(normLine) : undefined;
  if (whole) return { kind: whole, rest: "" };
  if (normLine.length < 3) return undefined;
  for (const [p, kind] of LEXICON.prefix.get(lead(normLine)) ?? []) {
    if (normLine.length > p.length && normLine.startsWith(p) && normLine.charCodeAt(p.length) === 0x20) {
      return { kind, rest: normLine.slice(p.length + 1) };
    }
  }
  return undefined;
}

/** A normalized line held as code units: `page.codes[n0, n1)`, and its text decoded on demand. */
export interface CodeLine {
  readonly page: { readonly codes: Uint16Array };
  readonly n0: number;
  readonly n1: number;
  readonly text: string;
}

/**
 * `matchMarker` of a line's text, reading its text only when a marker may match: a line longer
 * than every marker can only start with a prefix marker, which its first two units rule out for
 * almost every line (a page's body lines are then never decoded).
 */
export function matchMarkerOfLine(line: CodeLine): MarkerMatch | undefined {
  const n = line.n1 - line.n0;
  if (n <= LEXICON.longestWhole) return matchMarker(line.text);
  const codes = line.page.codes, at = line.n0;
  const list = LEXICON.prefix.get((codes[at] << 16) | codes[at + 1]);
  if (list === undefined) return undefined;
  for (const [p, kind] of list) {
    // n > longestWhole >= p.length: the unit after the prefix is inside the line
    if (codes[at + p.length] !== 0x20) continue;
    let k = 2;
    while (k < p.length && codes[at + k] === p.charCodeAt(k)) k++;
    if (k === p.length) return { kind, rest: line.text.slice(p.length + 1) };
  }
  return undefined;
}
