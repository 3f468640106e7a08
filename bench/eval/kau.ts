import type { Engine } from "../../src/core/engine.js";
import { BatchScanner } from "../../src/core/scan.js";
import { readJsonl } from "./corpus-data.js";
import { judgedWords, prf, rangeOverlap, sharedRuns, wordGrams, type Prf } from "./metrics.js";

/** A labeled passage of the KAU plagiarism corpus: where it sits in the suspicious (this) and the source document. */
interface KauPassage {
  this_offset: number; this_length: number; this_offset_aligned?: number;
  source_offset: number; source_length: number;
  /** exact_full, exact_stripped, core_match_pm4 (within 4 characters) or unaligned (offsets unreliable). */
  alignment: string;
}
interface KauPair { id: string; text_a: string; text_b: string; label: { plagiarism_passages: KauPassage[]; suspicious_coverage_ratio?: number } }

/** Share of the suspicious document copied from the source, from which a pair is expected to be related. */
const SUBSTANTIAL = 0.5;

/**
 * Partial reuse on real Arabic documents: the KAU plagiarism corpus (244 suspicious documents, each
 * with passages copied from one source document, at offsets the corpus gives). Every document is
 * scanned; a pair found between a suspicious document and its own source is a hit, any other pair
 * is a link the corpus does not label: its documents are built from a small pool of web pages that
 * are near copies of one another (two source documents measured 0.93 alike), so such a link is
 * counted as real reuse when the two texts share a run of 12 identical words, and as false
 * otherwise. Words are compared as `judgedWords` gives them: the documents copy sentences and lists
 * with their punctuation and numbering changed ("الحاضر,فالتكنولوجيا" for "الحاضر, فالتكنولوجيا",
 * "يوفر" for "3- يوفر"). The evidence passages of each hit are scored by character against the labeled
 * passages on both sides, in the documents whose passages all have reliable offsets; precision is
 * also given counting as right the evidence inside text the two documents share word for word
 * (runs of 8 words), which the labels leave out.
 */
export function kauEval(engine: Engine) {
  const rows = readJsonl<KauPair>("kau_arabplagdet_pairs.jsonl");
  const pages = rows.flatMap((r, i) => [{ id: `r${i}`, text: r.text_b }, { id: `s${i}`, text: r.text_a }]);
  const scanner = new BatchScanner(engine);
  const found = new Map<number, { suspicious: [number, number][]; source: [number, number][]; relation: string }>();
  const textOf = new Map(pages.map((p) => [p.id, p.text]));
  const grams12 = new Map<string, Set<string>>(); // per document: the links are ~19k among 488 documents
  const normalOf = new Map<string, string>(); // per document: its normalized text, which the link judge compares
  const normal = (id: string) => { let t = normalOf.get(id); if (t === undefined) { t = judgedWords(textOf.get(id)!); normalOf.set(id, t); } return t; };
  const gramsOf = (id: string) => { let g = grams12.get(id); if (!g) { g = wordGrams(normal(id), 12); grams12.set(id, g); } return g; };
  let unlabeledShared = 0, falseLinks = 0;
  for (const rec of [...scanner.addPages(pages), ...scanner.finish()]) {
    if (rec.type !== "pair") continue;
    const [x, y] = [rec.a, rec.b];
    const i = Number(x.slice(1)), j = Number(y.slice(1));
    if (i !== j || x[0] === y[0]) {
      if (sharedRuns(normal(x), gramsOf(y), 12, 1).length > 0) unlabeledShared++; else falseLinks++;
      continue;
    }
    const suspiciousIsA = x[0] === "s";
    found.set(i, {
      relation: rec.relation,
      suspicious: rec.evidence.map((p) => (suspiciousIsA ? p.a : p.b)),
      source: rec.evidence.map((p) => (suspiciousIsA ? p.b : p.a)),
    });
  }
  const substantial = rows.map((r, i) => [r, i] as const).filter(([r]) => (r.label.suspicious_coverage_ratio ?? 0) >= SUBSTANTIAL);
  const below = rows.length - substantial.length;
  const chars = { suspicious: { tp: 0, fp: 0, fn: 0 }, source: { tp: 0, fp: 0, fn: 0 } };
  const withShared = { suspicious: { tp: 0, fp: 0, fn: 0 }, source: { tp: 0, fp: 0, fn: 0 } };
  let scored = 0;
  for (const [r, i] of substantial) {
    const hit = found.get(i);
    if (!hit || r.label.plagiarism_passages.some((p) => p.alignment === "unaligned")) continue;
    scored++;
    const truthA = r.label.plagiarism_passages.map((p) => { const s = p.this_offset_aligned ?? p.this_offset; return [s, s + p.this_length] as [number, number]; });
    const truthB = r.label.plagiarism_passages.map((p) => [p.source_offset, p.source_offset + p.source_length] as [number, number]);
    add(chars.suspicious, rangeOverlap(r.text_a, truthA, hit.suspicious));
    add(chars.source, rangeOverlap(r.text_b, truthB, hit.source));
    add(withShared.suspicious, rangeOverlap(r.text_a, [...truthA, ...sharedRuns(r.text_a, wordGrams(r.text_b, 8), 8)], hit.suspicious));
    add(withShared.source, rangeOverlap(r.text_b, [...truthB, ...sharedRuns(r.text_b, wordGrams(r.text_a, 8), 8)], hit.source));
  }
  const relations = new Map<string, number>();
  for (const { relation } of found.values()) relations.set(relation, (relations.get(relation) ?? 0) + 1);
  return {
    pairs: rows.length,
    substantial: substantial.length,
    substantialFound: substantial.filter(([, i]) => found.has(i)).length,
    belowFound: rows.filter((r, i) => (r.label.suspicious_coverage_ratio ?? 0) < SUBSTANTIAL && found.has(i)).length,
    below,
    unlabeledShared,
    falseLinks,
    relations,
    scored,
    suspicious: score(chars.suspicious),
    source: score(chars.source),
    precisionWithShared: { suspicious: score(withShared.suspicious).precision, source: score(withShared.source).precision },
  };
}

function add(to: { tp: number; fp: number; fn: number }, o: { tp: number; fp: number; fn: number }): void {
  to.tp += o.tp; to.fp += o.fp; to.fn += o.fn;
}

const score = (c: { tp: number; fp: number; fn: number }): Prf => prf(c.tp, c.fp, c.fn);
