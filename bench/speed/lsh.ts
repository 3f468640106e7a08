import { DEFAULT_ENGINE_OPTIONS } from "../../src/core/engine.js";
import { AnchorIndex } from "../../src/core/anchor-index.js";
import { LshIndex } from "../../src/core/lsh-index.js";
import { optimalParams } from "../../src/core/lsh-params.js";
import { Rng } from "../eval/prng.js";
import { percentile } from "./timing.js";

/** 1M articles in the in-memory LSH: insert rate, query latency distribution, bytes per article. */
export function benchLsh(n = 1_000_000): string[] {
  const params = optimalParams({ threshold: DEFAULT_ENGINE_OPTIONS.lshThreshold, numPerm: 128, falsePositiveWeight: 0.3, falseNegativeWeight: 0.7 });
  const rng = new Rng(11);
  const sigs = new Uint32Array(n * 128);
  for (let i = 0; i < sigs.length; i++) sigs[i] = (rng.next() * 0x1ffffff) >>> 0;
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const index = new LshIndex(128, params, 1024);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) index.insert(sigs.subarray(i * 128, (i + 1) * 128));
  const insertS = (performance.now() - t0) / 1000;
  const queries = 20_000, warmup = 2_000;
  const lat = new Float64Array(queries);
  const q = new Uint32Array(128);
  let found = 0;
  for (let k = -warmup; k < queries; k++) {
    const i = rng.int(n);
    q.set(sigs.subarray(i * 128, (i + 1) * 128));
    for (let j = 0; j < 40; j++) q[rng.int(128)] = (rng.next() * 0x1ffffff) >>> 0; // an edited copy: ~70% of values agree
    const s = performance.now();
    const r = index.query(q);
    if (k < 0) continue; // warm-up: compiled code, not first calls, is measured
    lat[k] = (performance.now() - s) * 1000;
    if (r.includes(i)) found++;
  }
  lat.sort();
  const bytes = index.byteLength();
  const anchors = new AnchorIndex(() => new Uint32Array(0));
  const a = new Uint32Array(50);
  for (let i = 0; i < n; i++) { for (let j = 0; j < 50; j++) a[j] = (rng.next() * 2 ** 32) >>> 0; anchors.add(a); }
  const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  return [
    `| in-memory LSH, ${n.toLocaleString("en")} articles, ${params.bands} bands × ${params.rows} rows | value |`,
    "|---|---:|",
    `| inserts/s | ${Math.round(n / insertS).toLocaleString("en")} |`,
    `| query p50 / p99 / max (µs) | ${percentile(lat, 0.5).toFixed(1)} / ${percentile(lat, 0.99).toFixed(1)} / ${lat[lat.length - 1].toFixed(1)} |`,
    `| recall of a 70%-agreeing copy | ${(found / queries).toFixed(4)} |`,
    `| bytes per article: LSH tables + band keys | ${Math.round(bytes / n)} |`,
    `| bytes per article: anchor index (50 anchors each) | ${Math.round(anchors.byteLength() / n)} |`,
    `| process heap + array buffers growth per article (both indexes and the benchmark's own signature array) | ${Math.round((heapAfter - heapBefore) / n)} |`,
  ];
}
