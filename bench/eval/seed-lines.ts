import { readFileSync, readdirSync } from "node:fs";
import { segmentPage, type LineRole } from "../../src/core/segment.js";
import { DATA_DIR, SEEDS_DIR } from "./corpus-data.js";

/** How the seed labels name our line roles. */
export const LABEL_OF_ROLE: Record<LineRole, string> = {
  title: "main", body: "main", source: "source_attribution", tags: "tags",
  read_also_header: "read_also_header", read_also_title: "read_also_article_title", read_also_body: "read_also_article_body",
  related_header: "related_header", related_item: "related_item", boilerplate: "site_chrome", chrome: "site_chrome",
};

interface SeedLabel { doc: string; line: number; label: string; text: string }

/** Line-label accuracy on the five labeled seed pages. */
export function seedLineAccuracy(): { correct: number; total: number; errors: string[] } {
  const labels = readFileSync(DATA_DIR + "seed_blocks_labeled.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l) as SeedLabel);
  let correct = 0;
  const errors: string[] = [];
  for (const file of readdirSync(SEEDS_DIR).sort()) {
    const doc = file.replace(/\.txt$/, "");
    const raw = readFileSync(SEEDS_DIR + file, "utf8");
    const seg = segmentPage(raw);
    const lineStarts = [0];
    for (let i = 0; i < raw.length; i++) if (raw[i] === "\n") lineStarts.push(i + 1);
    for (const lab of labels.filter((l) => l.doc === doc)) {
      const from = lineStarts[lab.line - 1], to = lineStarts[lab.line] ?? raw.length + 1;
      const hit = seg.lines.find((l) => l.line.start >= from && l.line.start < to);
      const predicted = hit ? LABEL_OF_ROLE[hit.role] : "none";
      if (predicted === lab.label) correct++;
      else errors.push(`${doc}:${lab.line} expected ${lab.label}, got ${predicted}`);
    }
  }
  return { correct, total: labels.length, errors };
}
