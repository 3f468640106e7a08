import { createEngine } from "../../src/core/engine.js";
import { BatchScanner } from "../../src/core/scan.js";

/** Pages scanned before the timed runs (whole runs of the input). */
const WARM_PAGES = 10_000;

/** Whole `scan` pipeline (segment, sign, candidates, verify, index, records) on one core, JSON serialization included. */
export async function benchScan(pages: { id: string; text: string; source: string; title?: string; publishedAt?: string }[], what = "articles"): Promise<string[]> {
  const bytes = pages.reduce((n, p) => n + Buffer.byteLength(p.text), 0);
  const run = async () => {
    const scanner = new BatchScanner(await createEngine());
    const t0 = performance.now();
    let out = 0;
    for (const r of scanner.addPages(pages)) out += JSON.stringify(r).length;
    for (const r of scanner.finish()) out += JSON.stringify(r).length;
    return { s: (performance.now() - t0) / 1000, out };
  };
  // A long `tikrar scan` runs with its code compiled and its heap grown; a short one does not. The
  // first run is the cold figure. Timed runs start once ~10,000 pages have gone through (on this
  // machine rates still climb over the first ~8,000), each with a fresh scanner; the spread between
  // runs on this shared VM is wide, so seven are timed and the median and best reported.
  const first = (await run()).s;
  for (let warmed = pages.length; warmed < WARM_PAGES; warmed += pages.length) await run();
  const times: number[] = [];
  for (let k = 0; k < 7; k++) times.push((await run()).s);
  times.sort((a, b) => a - b);
  const median = times[3], best = times[0];
  const rate = (s: number) => Math.round(pages.length / s).toLocaleString("en");
  return [
    `| whole scan, one core (7 runs after ${WARM_PAGES.toLocaleString("en")} ${what} of warm-up) | median | best |`,
    "|---|---:|---:|",
    `| ${what} | ${pages.length} (${(bytes / pages.length / 1000).toFixed(2)} KB each) | |`,
    `| ${what}/s | ${rate(median)} | ${rate(best)} |`,
    `| ${what}/s of the process's first run (cold) | ${rate(first)} | |`,
    `| MB/s | ${(bytes / 1e6 / median).toFixed(1)} | ${(bytes / 1e6 / best).toFixed(1)} |`,
  ];
}
