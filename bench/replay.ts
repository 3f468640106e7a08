/**
 * The embedded log at size: writes a log of single-article jobs in which every article is sent
 * twice (the second time edited, 1,000 articles later: a replacement), starts the embedded default on it (replay, then
 * compaction), and starts it again on the compacted log. `npm run -s bench:replay`
 * (TIKRAR_BENCH_ARTICLES sets the number of distinct articles; default 20,000).
 */
import { appendFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobIdFor } from "../src/app/jobs.js";
import { createEngine } from "../src/core/engine.js";
import { composeEmbedded } from "../src/entry/embedded.js";
import { loadSaudiNewsNet, storyVariants } from "./eval/corpus-data.js";

const n = Number(process.env.TIKRAR_BENCH_ARTICLES ?? 20_000);
const docs = loadSaudiNewsNet().filter((d) => d.text.trim().length > 0);
const dir = mkdtempSync(join(tmpdir(), "tikrar-replay-"));
const config = { dataDir: dir, retry: { attempts: 1, backoffMs: 1 } };
try {
  let lines: string[] = [];
  const flush = () => { appendFileSync(join(dir, "tikrar.log"), lines.join("")); lines = []; }; // the log may outgrow one string
  const variant = storyVariants(docs);
  let at = Date.UTC(2026, 0, 1);
  const put = async (article: { id: string; text: string; source: string }) => {
    const payload = { articles: [article] };
    lines.push(JSON.stringify({ t: "job", id: await jobIdFor(payload), at: at++, payload }) + "\n");
    if (lines.length === 10_000) flush();
  };
  // Each article is sent, then sent again edited 1,000 articles later (a replacement).
  const lag: { id: string; text: string; source: string }[] = [];
  for (let i = 0; i < n; i++) {
    const d = docs[i % docs.length];
    const article = { id: `a${i}`, text: variant(d.text, Math.floor(i / docs.length)), source: d.source };
    await put(article);
    lag.push(article);
    if (lag.length > 1000 || i === n - 1) {
      for (const old of lag.splice(0, i === n - 1 ? lag.length : 1)) await put({ ...old, text: old.text + "\n\nتحديث: أضيفت تفاصيل جديدة." });
    }
  }
  flush();
  const bytes = statSync(join(dir, "tikrar.log")).size;
  const start = async () => {
    const t0 = performance.now();
    const parts = await composeEmbedded(await createEngine(), config);
    const s = (performance.now() - t0) / 1000;
    await parts.queue.close();
    return { s, report: parts.replay };
  };
  const first = await start();
  const second = await start();
  const after = statSync(join(dir, "tikrar.log")).size;
  console.log(`| embedded log, ${n.toLocaleString("en")} articles each sent twice | value |`);
  console.log("|---|---:|");
  console.log(`| log before | ${(2 * n).toLocaleString("en")} entries, ${(bytes / 1e6).toFixed(1)} MB |`);
  console.log(`| first start: replay + compaction | ${first.s.toFixed(1)} s (${Math.round(2 * n / first.s).toLocaleString("en")} entries/s); ${first.report.live.toLocaleString("en")} live of ${first.report.articleWrites.toLocaleString("en")} writes |`);
  console.log(`| log after | ${first.report.compacted?.entriesAfter.toLocaleString("en") ?? "not compacted"} entries, ${(after / 1e6).toFixed(1)} MB |`);
  console.log(`| second start: replay of the compacted log | ${second.s.toFixed(1)} s; compacted again: ${second.report.compacted ? "yes" : "no"} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
