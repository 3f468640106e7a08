import { normalizeText } from "../../src/core/normalize.js";
import type { Engine } from "../../src/core/engine.js";
import { BatchScanner, type ScanRecord } from "../../src/core/scan.js";
import { pairKey } from "./build-benchmark.js";
export interface Prf { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number }

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn };
}

export function setPrf(predicted: Set<string>, truth: Set<string>): Prf {
  let tp = 0;
  for (const p of predicted) if (truth.has(p)) tp++;
  return prf(tp, predicted.size - tp, truth.size - tp);
}

/** Character-level overlap of two sets of ranges over a text of length n (non-space characters only). */
export function rangeOverlap(text: string, truth: [number, number][], predicted: [number, number][]): { tp: number; fp: number; fn: number } {
  const t = new Uint8Array(text.length), p = new Uint8Array(text.length);
  for (const [s, e] of truth) t.fill(1, s, e);
  for (const [s, e] of predicted) p.fill(1, s, e);
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i])) continue;
    if (t[i] && p[i]) tp++; else if (p[i]) fp++; else if (t[i]) fn++;
  }
  return { tp, fp, fn };
}

export const fmt = (x: number) => x.toFixed(4);

/**
 * A text as the eval's link judges compare it: normalized (the core's normalizer), and without
 * words that are only digits, which number the items of a list a copy may number otherwise or not
 * at all ("3- يوفر التعليم" copied as "يوفر التعليم").
 */
export const judgedWords = (text: string) => normalizeText(text).split(/\s+/).filter((w) => w && !/^[0-9]+$/.test(w)).join(" ");

/** The runs of `n` whitespace-separated words of a text, each joined by one space. */
export function wordGrams(text: string, n: number): Set<string> {
  const grams = new Set<string>();
  const w = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i + n <= w.length; i++) grams.add(w.slice(i, i + n).join(" "));
  return grams;
}

/**
 * Ranges of `a` (JavaScript string offsets) covered by runs of `n` words that occur word for word in
 * the other document (`grams`, its wordGrams for the same `n`): text two documents share verbatim.
 * Stops after `limit` runs (1 answers whether they share any).
 */
export function sharedRuns(a: string, grams: Set<string>, n: number, limit = Infinity): [number, number][] {
  const words: { s: number; e: number; w: string }[] = [];
  for (const m of a.matchAll(/\S+/g)) words.push({ s: m.index!, e: m.index! + m[0].length, w: m[0] });
  const out: [number, number][] = [];
  for (let i = 0; i + n <= words.length && out.length < limit; i++) {
    if (grams.has(words.slice(i, i + n).map((x) => x.w).join(" "))) out.push([words[i].s, words[i + n - 1].e]);
  }
  return out;
}

/** The pairs of scan records (`pairKey` → relation). */
export function pairsOf(records: ScanRecord[]): Map<string, string> {
  return new Map(records.flatMap((r) => (r.type === "pair" ? [[pairKey(r.a, r.b), r.relation] as const] : [])));
}

/** The pairs a batch scan relates among `pages`, in their order. */
export const scannedPairs = (engine: Engine, pages: Parameters<BatchScanner["addPages"]>[0]) => {
  const scanner = new BatchScanner(engine);
  return pairsOf([...scanner.addPages(pages), ...scanner.finish()]);
};
