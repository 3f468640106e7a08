import type { createEngine } from "../../src/core/engine.js";
import { pairKey } from "./build-benchmark.js";
import { readJsonl, type RealDoc, type SilverPair } from "./corpus-data.js";
import { judgedWords, scannedPairs, sharedRuns, wordGrams } from "./metrics.js";

interface AntDoc extends RealDoc { label?: { same_url_group?: string } }

/**
 * The ANT corpus (five outlets, six weeks) scanned as it is: its own label, `same_url_group`, names
 * articles an outlet filed under two sections (the same story, 16 of them edited between the two),
 * and its silver pairs are word-5-gram overlaps. Every labeled pair should be related; a link
 * neither list names is counted as real reuse when the two texts share a 12-word run, normalized
 * (as the benchmark's judge counts it), else as a false link.
 */
export function antEval(engine: Awaited<ReturnType<typeof createEngine>>) {
  const docs = readJsonl<AntDoc>("ant_multisource_2018-04-01_2018-05-15.jsonl");
  const found = scannedPairs(engine, docs.map((d) => ({ id: d.id, text: d.text, title: d.title, source: d.source })));
  const groups = new Map<string, string[]>();
  for (const d of docs) { const g = d.label?.same_url_group; if (g) groups.set(g, [...(groups.get(g) ?? []), d.id]); }
  const labeled = new Set<string>();
  for (const ids of groups.values()) for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) labeled.add(pairKey(ids[i], ids[j]));
  const relations = new Map<string, number>();
  let labeledFound = 0;
  for (const k of labeled) { const r = found.get(k); if (r) { labeledFound++; relations.set(r, (relations.get(r) ?? 0) + 1); } }
  const silver = readJsonl<SilverPair>("silver_pairs_ant.jsonl");
  const silverKeys = new Set(silver.map((p) => pairKey(p.a, p.b)));
  const strong = silver.filter((p) => Number(p.jaccard_w5) >= 0.8);
  const text = new Map(docs.map((d) => [d.id, d.text]));
  let unlisted = 0, sharing = 0;
  for (const k of found.keys()) {
    if (labeled.has(k) || silverKeys.has(k)) continue;
    unlisted++;
    const [a, b] = k.split("|");
    if (sharedRuns(judgedWords(text.get(a)!), wordGrams(judgedWords(text.get(b)!), 12), 12, 1).length > 0) sharing++;
    else if (process.env.TIKRAR_EVAL_VERBOSE) console.error("ANT link without a shared run", a, b, found.get(k));
  }
  return {
    docs: docs.length, labeled: labeled.size, labeledFound, relations,
    silver: strong.length, silverFound: strong.filter((p) => found.has(pairKey(p.a, p.b))).length,
    unlisted, sharing, links: found.size,
  };
}
