import { cpus } from "node:os";
import { benchArticles } from "./speed/articles.js";
import { benchEstimator } from "./speed/estimator.js";
import { benchLsh } from "./speed/lsh.js";
import { benchScan } from "./speed/scan.js";
import { benchSignatures } from "./speed/signature.js";
import { buildBenchmark } from "./eval/build-benchmark.js";

/**
 * Pages as scraped: the eval benchmark's construction at three times its size (stories and their
 * copies wrapped in outlet templates: chrome, source lines, tags, read-also articles, related lists
 * whose headlines recur across pages), through JSON as `tikrar scan` reads them.
 */
const scrapedPages = () => buildBenchmark(7, 1200, 1200).pages.map((p) => JSON.parse(JSON.stringify({ id: p.id, text: p.text, title: p.title, source: p.source, publishedAt: p.publishedAt })));

/** `npm run bench`: speed of tikrar side by side with the npm `minhash` package, in one run. */
async function main() {
  const only = process.argv[2];
  const articles = benchArticles();
  const out: string[] = [`machine: ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}`, ""];
  const section = (title: string, rows: string[]) => { out.push(`### ${title}`, "", ...rows, ""); process.stdout.write(`### ${title}\n\n${rows.join("\n")}\n\n`); };
  process.stdout.write(out.join("\n"));
  if (!only || only === "signature") section("Signature stage", benchSignatures(articles.map((a) => a.text)));
  if (!only || only === "estimator") section("Estimator error", benchEstimator());
  if (!only || only === "scan") section("Whole scan", await benchScan(articles));
  if (!only || only === "scan" || only === "pages") section("Whole scan of scraped pages", await benchScan(scrapedPages(), "pages"));
  if (!only || only === "lsh") section("LSH at scale", benchLsh());
}

main();
