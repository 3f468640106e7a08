import { createEngine } from "../../src/core/engine.js";
import { BatchScanner } from "../../src/core/scan.js";

/** Whole `scan` pipeline (segment, sign, candidates, verify, index, records) on one core, JSON serialization included. */
export async function benchScan(pages: { id: string; text: string; source: string; title?: string; publishedAt?: string }[], what = "articles"): Promise<string[]> {
  const bytes = pages.reduce((n, p) => n + Buffer.byteLength(p.text), 0);
  const run = async () => {
    const scanner = new BatchScanner(await createEngine());
    const t0 = performance.now();
    let out = 0;
    for (let i = 0; i < pages.length; i += 2000) for (const r of scanner.addChunk(pages.slice(i, i + 2000))) out += JSON.stringify(r).length;
    for (const r of scanner.finish()) out += JSON.stringify(r).length;
    return { s: (performance.now() - t0) / 1000, out };
  };
  await run(); // warm-up
  // Five timed runs, each a fresh scanner: the spread on this machine is wide (GC, a shared VM).
  const times: number[] = [];
  for (let k = 0; k < 5; k++) times.push((await run()).s);
  times.sort((a, b) => a - b);
  const median = times[2], best = times[0];
  const rate = (s: number) => Math.round(pages.length / s).toLocaleString("en");
  return [
    "| whole scan, one core (5 runs after a warm-up) | median | best |",
    "|---|---:|---:|",
    `| ${what} | ${pages.length} (${(bytes / pages.length / 1000).toFixed(2)} KB each) | |`,
    `| ${what}/s | ${rate(median)} | ${rate(best)} |`,
    `| MB/s | ${(bytes / 1e6 / median).toFixed(1)} | ${(bytes / 1e6 / best).toFixed(1)} |`,
  ];
}
