import { createEngine } from "../../src/core/engine.js";
import { BatchScanner } from "../../src/core/scan.js";

/** Whole `scan` pipeline (segment, sign, candidates, verify, index, records) on one core, JSON serialization included. */
export async function benchScan(pages: { id: string; text: string; source: string }[]): Promise<string[]> {
  const bytes = pages.reduce((n, p) => n + Buffer.byteLength(p.text), 0);
  const run = async () => {
    const scanner = new BatchScanner(await createEngine());
    const t0 = performance.now();
    let out = 0;
    for (let i = 0; i < pages.length; i += 2000) for (const r of scanner.addChunk(pages.slice(i, i + 2000))) out += JSON.stringify(r).length;
    for (const r of scanner.finish()) out += JSON.stringify(r).length;
    return { s: (performance.now() - t0) / 1000, out };
  };
  await run();
  const { s } = await run();
  return [
    "| whole scan, one core | value |",
    "|---|---:|",
    `| articles | ${pages.length} (${(bytes / pages.length / 1000).toFixed(2)} KB each) |`,
    `| articles/s | ${Math.round(pages.length / s).toLocaleString("en")} |`,
    `| MB/s | ${(bytes / 1e6 / s).toFixed(1)} |`,
  ];
}
