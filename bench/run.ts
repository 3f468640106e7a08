import { cpus } from "node:os";
import { benchArticles } from "./speed/articles.js";
import { benchEstimator } from "./speed/estimator.js";
import { benchLsh } from "./speed/lsh.js";
import { benchScan } from "./speed/scan.js";
import { benchSignatures } from "./speed/signature.js";

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
  if (!only || only === "lsh") section("LSH at scale", benchLsh());
}

main();
