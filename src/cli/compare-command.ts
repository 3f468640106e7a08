import { isUtf8 } from "node:buffer";
import { readFile } from "node:fs/promises";
import { Corpus } from "../core/corpus.js";
import { createEngine } from "../core/engine.js";
import { matchAnalysis, toStored } from "../core/match.js";
import { specKey } from "../core/signature-spec.js";
import type { Analysis } from "../core/analyze.js";

const MARK = { on: "\u001b[1;33m", off: "\u001b[0m" };

/** A file's text; one that is not UTF-8 is refused (read leniently, it would compare as U+FFFD). */
async function readText(path: string): Promise<string> {
  const bytes = await readFile(path);
  if (!isUtf8(bytes)) throw new Error(`${path} is not UTF-8 text (convert it first, e.g. iconv -f WINDOWS-1256 -t UTF-8)`);
  return bytes.toString("utf8");
}

/** A human-readable report: each page's blocks, the relation, the shared passages highlighted. */
export async function compareFiles(pathA: string, pathB: string, color: boolean): Promise<string> {
  const engine = await createEngine();
  const [textA, textB] = await Promise.all([readText(pathA), readText(pathB)]);
  const a = engine.analyze({ id: "A", text: textA });
  const b = engine.analyze({ id: "B", text: textB });
  const corpus = new Corpus(specKey(engine.options.spec), engine.options.spec.numPerm, engine.lsh);
  if (a.body.matchable) corpus.upsert(toStored(a, 0, 0));
  const all = a.body.matchable ? [corpus.get("A")!] : [];
  const m = matchAnalysis(b, all, all, engine.options.thresholds, engine.options.spec.minShingles);
  const out = [`A: ${pathA}`, describeBlocks(a), `B: ${pathB}`, describeBlocks(b), ""];
  const link = m.relations[0];
  if (!link) {
    out.push(m.embeds.length ? "B carries A as its read-also article (embeds)." : "Not copies: no relation between the two bodies.");
    if (!a.body.matchable || !b.body.matchable) out.push("(a body is too short to compare)");
    return out.join("\n");
  }
  const r = link.relation;
  out.push(`Relation: ${r.kind}`, `Similarity (estimated Jaccard): ${r.similarity}`, `Containment: B in A ${r.containment[0]}, A in B ${r.containment[1]}`, `Shared passages: ${r.evidence.length}`, "");
  const mark = (s: string) => (color ? `${MARK.on}${s}${MARK.off}` : `«${s}»`);
  r.evidence.forEach((p, i) => {
    out.push(`[${i + 1}] B ${p.a[0]}–${p.a[1]} ↔ A ${p.b[0]}–${p.b[1]}`);
    out.push(`    B: ${context(textB, p.a, mark)}`, `    A: ${context(textA, p.b, mark)}`);
  });
  return out.join("\n");
}

function describeBlocks(a: Analysis): string {
  return a.segmentation.blocks.map((b) => `  ${b.kind.padEnd(12)} ${b.start}–${b.end}  ${a.page.text.slice(b.start, Math.min(b.end, b.start + 60)).replace(/\s+/g, " ")}${b.end - b.start > 60 ? "…" : ""}`).join("\n");
}

function context(text: string, [s, e]: [number, number], mark: (s: string) => string): string {
  const span = text.slice(s, e).replace(/\s+/g, " ");
  const shown = span.length > 240 ? `${span.slice(0, 120)} … ${span.slice(-100)}` : span;
  return `${text.slice(Math.max(0, s - 30), s).replace(/\s+/g, " ")}${mark(shown)}${text.slice(e, e + 30).replace(/\s+/g, " ")}`;
}
