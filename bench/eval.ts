import { createEngine } from "../src/core/engine.js";
import { BatchScanner, type ScanRecord } from "../src/core/scan.js";
import { buildBenchmark, pairKey } from "./eval/build-benchmark.js";
import { loadSaudiNewsNet, loadSilverPairs } from "./eval/corpus-data.js";
import { antEval } from "./eval/ant.js";
import { kauEval } from "./eval/kau.js";
import { fmt, judgedWords, pairsOf, prf, rangeOverlap, scannedPairs, setPrf, sharedRuns, wordGrams } from "./eval/metrics.js";
import { seedLineAccuracy } from "./eval/seed-lines.js";
import { titleEval } from "./eval/titles.js";

/** Re-typing is erased by normalization; edits leave a near duplicate; cuts and embeddings are partial. */
const EXPECTED_KIND: Record<string, string> = { retype: "duplicate", edited: "near_duplicate", lead: "partial", partial: "partial" };

/** `npm run eval`: quality of tikrar at default settings on real Arabic data. */
async function main() {
  const t0 = Date.now();
  const bench = buildBenchmark();
  const scanner = new BatchScanner(await createEngine());
  const records: ScanRecord[] = [...scanner.addPages(bench.pages), ...scanner.finish()];
  const byId = new Map(bench.pages.map((p) => [p.id, p]));
  const predicted = new Set<string>();
  let furnitureLinks = 0, realTextLinks = 0;
  const embedHits = { tp: 0, fp: 0 };
  let tp = 0, fp = 0, fn = 0;
  const kinds = { right: 0, total: 0, confusions: new Map<string, number>() };
  for (const r of records) {
    if (r.type === "pair") {
      predicted.add(pairKey(r.a, r.b));
      const [a, b] = [byId.get(r.a)!, byId.get(r.b)!];
      const copy = a.version === "original" ? b : b.version === "original" ? a : undefined;
      if (copy && a.group === b.group) {
        kinds.total++;
        if (EXPECTED_KIND[copy.version] === r.relation) kinds.right++;
        else { const k = `${copy.version}→${r.relation}`; kinds.confusions.set(k, (kinds.confusions.get(k) ?? 0) + 1); }
      }
      if (a.group !== b.group || a.group < 0) (sharesRealText(mainText(a), mainText(b)) ? realTextLinks++ : furnitureLinks++);
    }
    if (r.type === "embeds") { if (byId.get(r.article)!.group === byId.get(r.page)!.embedsGroup) embedHits.tp++; else embedHits.fp++; }
    if (r.type === "blocks") {
      const page = byId.get(r.id)!;
      const main = r.blocks.filter((b) => b.kind === "title" || b.kind === "body").map((b) => [b.start, b.end] as [number, number]);
      const o = rangeOverlap(page.text, page.main, main);
      tp += o.tp; fp += o.fp; fn += o.fn;
    }
  }
  const pairs = setPrf(predicted, bench.truePairs);
  const order = orderIndependence(await createEngine(), bench.pages, records);
  const mainF1 = prf(tp, fp, fn);
  const embeddingPages = bench.pages.filter((p) => p.embedsGroup >= 0).length;
  const lines = seedLineAccuracy();
  const silver = silverRecall(await createEngine());
  const ant = antEval(await createEngine());
  const kau = kauEval(await createEngine());
  const titles = titleEval();
  const report = [
    `benchmark: ${bench.pages.length} pages, ${bench.groups} story groups, ${bench.truePairs.size} true pairs`,
    `pair precision ${fmt(pairs.precision)} recall ${fmt(pairs.recall)} F1 ${fmt(pairs.f1)} (tp ${pairs.tp}, fp ${pairs.fp}, fn ${pairs.fn})`,
    `links between different stories sharing only furniture: ${furnitureLinks}; sharing real text (≥ 12 identical words in both main texts, normalized, unlabeled reuse in the corpus): ${realTextLinks} (precision counting these as right: ${fmt((pairs.tp + realTextLinks) / Math.max(1, pairs.tp + pairs.fp))})`,
    `relation kind, original vs copy: ${kinds.right}/${kinds.total} = ${fmt(kinds.right / Math.max(1, kinds.total))} ${[...kinds.confusions].map(([k, n]) => `${k} ${n}`).join(", ")}`,
    `arrival order: scanned in reverse, ${order.differ} of ${order.pairs} pairs differ (found in one order only, or of another kind)`,
    `embeds: ${embedHits.tp} correct, ${embedHits.fp} wrong, of ${embeddingPages} pages carrying an indexed story`,
    `main-content character F1 ${fmt(mainF1.f1)} (precision ${fmt(mainF1.precision)}, recall ${fmt(mainF1.recall)})`,
    `seed line labels ${lines.correct}/${lines.total} = ${fmt(lines.correct / lines.total)}`,
    `silver cross-outlet copies (jaccard_w5 >= 0.8): recall ${fmt(silver.recall)} (${silver.found}/${silver.total}) over ${silver.docs} articles`,
    `ANT same-article pairs (the corpus's label: one story filed under two sections): related ${ant.labeledFound}/${ant.labeled} (${[...ant.relations].map(([k, n]) => `${k} ${n}`).join(", ")}) over ${ant.docs} articles; silver pairs with jaccard_w5 >= 0.8 ${ant.silverFound}/${ant.silver}; links neither lists ${ant.unlisted} of ${ant.links}, ${ant.sharing} sharing a 12-word run (normalized), ${ant.unlisted - ant.sharing} without`,
    `KAU plagiarism pairs (real partial reuse, ${kau.pairs} pairs): related ${kau.substantialFound}/${kau.substantial} = ${fmt(kau.substantialFound / kau.substantial)} where ≥ half the suspicious document is copied, ${kau.belowFound}/${kau.below} below that; as ${[...kau.relations].map(([k, n]) => `${k} ${n}`).join(", ")}`,
    `KAU links the corpus does not label: ${kau.unlabeledShared} between documents sharing ≥ 12 identical words, normalized (its pages are near copies of one another), ${kau.falseLinks} without`,
    `KAU evidence passages vs labeled passages (${kau.scored} related pairs with reliable offsets): suspicious side recall ${fmt(kau.suspicious.recall)} precision ${fmt(kau.suspicious.precision)} (${fmt(kau.precisionWithShared.suspicious)} counting unlabeled verbatim runs of 8 words), source side recall ${fmt(kau.source.recall)} precision ${fmt(kau.source.precision)} (${fmt(kau.precisionWithShared.source)})`,
    `headline lookup (/v1/check; ${titles.titles} titles indexed, ${titles.bands.bands} bands × ${titles.bands.rows} rows): rewrites that stay the same headline found ${titles.found}/${titles.total} = ${fmt(titles.found / titles.total)} (${titles.byKind.map((k) => `${k.name} ${k.found}/${k.total}`).join(", ")}); real cross-outlet copies with the same headline ${titles.real.found}/${titles.real.total} = ${fmt(titles.real.found / Math.max(1, titles.real.total))}; the same words from another speaker matched ${titles.speakers.matched}/${titles.speakers.total}`,
    `time ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  ];
  for (const e of lines.errors) report.push(`  seed line miss: ${e}`);
  if (process.env.TIKRAR_EVAL_VERBOSE) printMisses(bench, predicted);
  process.stdout.write(report.join("\n") + "\n");
}

/** Scans the pages again in reverse order: a relation should not depend on which copy arrived first. */
function orderIndependence(engine: Awaited<ReturnType<typeof createEngine>>, pages: ReturnType<typeof buildBenchmark>["pages"], forward: ScanRecord[]) {
  const [fwd, rev] = [pairsOf(forward), scannedPairs(engine, [...pages].reverse())];
  const keys = new Set([...fwd.keys(), ...rev.keys()]);
  return { pairs: keys.size, differ: [...keys].filter((k) => fwd.get(k) !== rev.get(k)).length };
}

/** Whether two pages' main texts share a run of 12 identical words (real reuse the corpus does not label). */
const sharesRealText = (a: string, b: string) => sharedRuns(a, wordGrams(b, 12), 12, 1).length > 0;

/**
 * A page's main content (its title and body lines, known by construction), as `judgedWords` gives
 * it: the words a copy shares with its story whether re-typed or not. Furniture (read-also articles
 * many pages share, related lists, tags) is left out, so text shared there does not count as real
 * reuse.
 */
const mainText = (p: { text: string; main: [number, number][] }) => judgedWords(p.main.map(([s, e]) => p.text.slice(s, e)).join("\n"));

function silverRecall(engine: Awaited<ReturnType<typeof createEngine>>) {
  const docs = loadSaudiNewsNet();
  const found = scannedPairs(engine, docs.map((d) => ({ id: d.id, text: d.text, title: d.title, source: d.source, publishedAt: d.published.replace(" ", "T") })));
  const wanted = loadSilverPairs().filter((p) => Number(p.jaccard_w5) >= 0.8 && String(p.cross_source) === "true" || (Number(p.jaccard_w5) >= 0.8 && p.cross_source === true));
  const hit = wanted.filter((p) => found.has(pairKey(p.a, p.b))).length;
  if (process.env.TIKRAR_EVAL_VERBOSE) for (const p of wanted.filter((p) => !found.has(pairKey(p.a, p.b))).slice(0, 10)) console.error("silver miss", p.a, p.b, p.jaccard_w5);
  return { recall: hit / wanted.length, found: hit, total: wanted.length, docs: docs.length };
}

function printMisses(bench: ReturnType<typeof buildBenchmark>, predicted: Set<string>) {
  const byId = new Map(bench.pages.map((p) => [p.id, p]));
  const show = (k: string, what: string) => {
    const [a, b] = k.split("|").map((id) => byId.get(id)!);
    console.error(what, a.id, a.version, a.group, b.id, b.version, b.group);
  };
  [...bench.truePairs].filter((k) => !predicted.has(k)).slice(0, 15).forEach((k) => show(k, "missed"));
  [...predicted].filter((k) => !bench.truePairs.has(k)).slice(0, 15).forEach((k) => show(k, "false"));
}

main();
