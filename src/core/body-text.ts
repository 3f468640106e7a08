import type { LabeledLine, LineRole } from "./segment.js";
import { tempI32, tempU32 } from "./scratch.js";

/** The words of some lines of a page: word hashes and raw ranges. */
export interface LineWords {
  /** Per word, the hash `normalizePage` gives it. */
  hashes: Uint32Array;
  /** Per word, raw start and raw end, interleaved. */
  raw: Int32Array;
}

/** Gathers the lines with the given roles, in page order. */
export function gatherWords(lines: readonly LabeledLine[], roles: ReadonlySet<LineRole>): LineWords {
  let count = 0;
  for (const l of lines) if (roles.has(l.role)) count += l.line.words;
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
