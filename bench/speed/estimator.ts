import { agreement, sketch } from "../../src/core/signature.js";
import { ARTICLE_SPEC } from "../../src/core/signature-spec.js";
import { Rng } from "../eval/prng.js";

/** RMSE of the 128-value (16-bit) estimate against exact Jaccard, per Jaccard band, vs the theoretical sqrt(J(1-J)/k). */
export function benchEstimator(): string[] {
  const rng = new Rng(7);
  const rows = ["| exact Jaccard | pairs | RMSE measured | RMSE theory (k=128) | ratio |", "|---:|---:|---:|---:|---:|"];
  for (const target of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    let se = 0, theory = 0;
    const pairs = 400;
    for (let p = 0; p < pairs; p++) {
      const n = 300 + rng.int(500);
      const shared = Math.round((2 * n * target) / (1 + target));
      const a = new Uint32Array(n), b = new Uint32Array(n);
      for (let i = 0; i < n; i++) { const h = (rng.next() * 2 ** 32) >>> 0; a[i] = h; b[i] = i < shared ? h : (rng.next() * 2 ** 32) >>> 0; }
      const exact = shared / (2 * n - shared);
      const sa = sketch(a, ARTICLE_SPEC).values, sb = sketch(b, ARTICLE_SPEC).values;
      se += (agreement(sa, sb, ARTICLE_SPEC.bits) - exact) ** 2;
      theory += (exact * (1 - exact)) / 128;
    }
    const rmse = Math.sqrt(se / pairs), th = Math.sqrt(theory / pairs);
    rows.push(`| ${target.toFixed(1)} | ${pairs} | ${rmse.toFixed(4)} | ${th.toFixed(4)} | ${(rmse / th).toFixed(2)} |`);
  }
  return rows;
}
