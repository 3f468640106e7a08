import type { LabeledLine, LineRole } from "./segment.js";
import { tempI32, tempU32 } from "./scratch.js";

const NO_WORDS = new Uint32Array(0);
const NO_RAW = new Int32Array(0);

/** The words of some lines of a page: word hashes and raw ranges. */
export interface LineWords {
  /** Per word, the hash `normalizePage` gives it. */
  hashes: Uint32Array;
  /** Per word, raw start and raw end, interleaved. */
  raw: Int32Array;
}

/**
 * Gathers the lines with the given roles, in page order. When their words are one run of the
 * page's words (a story with no furniture inside it, the usual case), the result views the page's
 * arrays instead of copying them.
 */
export function gatherWords(lines: readonly LabeledLine[], roles: ReadonlySet<LineRole>): LineWords {
  let count = 0, first = -1, next = -1, run = true;
  for (const { line, role } of lines) {
    if (!roles.has(role) || line.words === 0) continue;
    if (first < 0) first = line.w0;
    else if (line.w0 !== next) run = false;
    next = line.w1;
    count += line.words;
  }
  if (count === 0) return { hashes: NO_WORDS, raw: NO_RAW };
  if (run) {
    const { wordHash, wordRaw } = lines[0].line.page;
    return { hashes: wordHash.subarray(first, next), raw: wordRaw.subarray(2 * first, 2 * next) };
  }
  const hashes = tempU32(count);
  const raw = tempI32(2 * count);
  let at = 0;
  for (const { line, role } of lines) {
    if (!roles.has(role) || line.words === 0) continue;
    const { wordHash, wordRaw } = line.page;
    hashes.set(wordHash.subarray(line.w0, line.w1), at);
    raw.set(wordRaw.subarray(2 * line.w0, 2 * line.w1), 2 * at);
    at += line.w1 - line.w0;
  }
  return { hashes, raw };
}
