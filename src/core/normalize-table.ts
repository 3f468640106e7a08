/**
 * The Arabic folding table behind `normalize`. Built once at module load:
 * for every BMP code unit, FOLD[c] is the folded code unit, DELETE (0), SPACE, or EXPANDS (1):
 * code units whose NFKC form is several characters (ﻻ, ﷲ, ligatures) live in EXPAND, and high
 * surrogates (astral symbols separate words) are EXPANDS too so the hot loop tests one rare value.
 */
export const NORMALIZER_VERSION = "ar-1";
export const DELETE = 0;
export const SPACE = 0x20;
/** FOLD value of a code unit whose folded form is several units (looked up in EXPAND). */
export const EXPANDS = 1;

const FOLD = new Uint16Array(0x10000);
const EXPAND = new Map<number, string>();

const inRange = (c: number, lo: number, hi: number) => c >= lo && c <= hi;

/** Diacritics, Quranic marks, superscript alef, tatweel, bidi and zero-width marks, soft hyphen. */
function isDeleted(c: number): boolean {
  return (
    inRange(c, 0x0610, 0x061a) || inRange(c, 0x064b, 0x065f) || c === 0x0670 || inRange(c, 0x06d6, 0x06ed) ||
    c === 0x0640 || inRange(c, 0x200b, 0x200f) || inRange(c, 0x202a, 0x202e) || inRange(c, 0x2066, 0x2069) ||
    c === 0x061c || c === 0xfeff || c === 0x00ad || inRange(c, 0xfe00, 0xfe0f)
  );
}

const LETTER_FOLDS: Record<number, number> = {
  0x0623: 0x0627, 0x0625: 0x0627, 0x0622: 0x0627, 0x0671: 0x0627, 0x0672: 0x0627, 0x0673: 0x0627, // alef forms → ا
  0x0649: 0x064a, 0x06cc: 0x064a, 0x06d0: 0x064a, // ى, Persian ی → ي
  0x0629: 0x0647, // ة → ه
  0x0624: 0x0648, // ؤ → و
  0x0626: 0x064a, // ئ → ي
  0x06a9: 0x0643, 0x06aa: 0x0643, // Persian ک → ك
  0x06c1: 0x0647, 0x06d5: 0x0647, // heh goal, ae → ه
};

/** Letters and digits survive; every other symbol or punctuation code unit separates words. */
function isWordChar(c: number): boolean {
  if (inRange(c, 0x30, 0x39) || inRange(c, 0x61, 0x7a)) return true;
  if (inRange(c, 0x0621, 0x064a) || inRange(c, 0x0671, 0x06d3) || c === 0x06d5 || inRange(c, 0x06fa, 0x06fc)) return true;
  if (c < 0x80) return false;
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

function foldOne(c: number): number {
  if (isDeleted(c)) return DELETE;
  if (inRange(c, 0x0660, 0x0669)) return 0x30 + c - 0x0660; // Arabic-Indic digits
  if (inRange(c, 0x06f0, 0x06f9)) return 0x30 + c - 0x06f0; // Persian digits
  if (inRange(c, 0x41, 0x5a)) return c + 0x20;
  const letter = LETTER_FOLDS[c];
  if (letter !== undefined) return letter;
  return isWordChar(c) ? c : SPACE;
}

/** Folds an NFKC expansion into a string of word code units (deleted marks removed). */
function foldString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const f = foldOne(s.charCodeAt(i));
    if (f !== DELETE) out += String.fromCharCode(f);
  }
  return out;
}

for (let c = 0; c < 0x10000; c++) {
  if (inRange(c, 0xd800, 0xdfff)) { FOLD[c] = c <= 0xdbff ? EXPANDS : SPACE; continue; } // high surrogates: the caller skips the pair
  const nfkc = String.fromCharCode(c).normalize("NFKC");
  if (nfkc.length === 1 || nfkc.length === 0) {
    FOLD[c] = nfkc.length === 0 ? DELETE : foldOne(nfkc.charCodeAt(0));
    continue;
  }
  const folded = foldString(nfkc);
  if (folded.length === 0) FOLD[c] = DELETE;
  else if (folded.length === 1) FOLD[c] = folded.charCodeAt(0);
  else { FOLD[c] = EXPANDS; EXPAND.set(c, folded); }
}

export { FOLD, EXPAND };
