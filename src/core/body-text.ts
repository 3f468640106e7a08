import type { NormalizedText } from "./normalize.js";
import type { LabeledLine, LineRole } from "./segment.js";

/** Concatenates the normalized text of the lines with the given roles, keeping the raw offset map. */
export function joinLines(lines: readonly LabeledLine[], roles: ReadonlySet<LineRole>): NormalizedText {
  const parts = lines.filter((l) => roles.has(l.role) && l.line.norm.text.length > 0).map((l) => l.line.norm);
  let len = Math.max(0, parts.length - 1);
  for (const p of parts) len += p.text.length;
  const starts = new Int32Array(len);
  const ends = new Int32Array(len);
  let at = 0;
  parts.forEach((p, k) => {
    if (k > 0) { starts[at] = p.starts[0]; ends[at] = p.starts[0]; at++; }
    starts.set(p.starts, at);
    ends.set(p.ends, at);
    at += p.text.length;
  });
  return { text: parts.map((p) => p.text).join(" "), starts, ends };
}
