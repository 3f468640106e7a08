import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";
import { createEngine } from "../core/engine.js";
import type { PageInput } from "../core/page.js";
import { BatchScanner } from "../core/scan.js";
import { ArticleInput, formatIssues } from "../schemas/article.js";

const CHUNK = 2000;

export interface ScanIo { stdout: Writable; stderr: Writable; progress: boolean }

/** Reads JSON Lines articles, writes relation/block/cluster records; returns the count of bad lines. */
export async function scanFile(path: string, io: ScanIo): Promise<{ articles: number; bad: number }> {
  const scanner = new BatchScanner(await createEngine());
  const input = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let chunk: PageInput[] = [];
  let lineNo = 0, articles = 0, bad = 0;
  const started = Date.now();
  const ids = new Set<string>();
  const flush = async () => {
    await write(io.stdout, scanner.addChunk(chunk).map((r) => JSON.stringify(r)).join("\n") + "\n");
    articles += chunk.length;
    chunk = [];
    if (io.progress) io.stderr.write(`tikrar scan: ${articles} articles, ${Math.round(articles / Math.max(0.001, (Date.now() - started) / 1000))}/s\n`);
  };
  for await (const line of input) {
    lineNo++;
    if (line.trim() === "") continue;
    const page = parseLine(line, lineNo, ids, io.stderr);
    if (!page) { bad++; continue; }
    chunk.push(page);
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk.length) await flush();
  const tail = scanner.finish().map((r) => JSON.stringify(r));
  if (tail.length) await write(io.stdout, tail.join("\n") + "\n");
  io.stderr.write(`tikrar scan: done, ${articles} articles, ${bad} bad lines, ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
  return { articles, bad };
}

function parseLine(line: string, lineNo: number, ids: Set<string>, stderr: Writable): PageInput | undefined {
  let json: unknown;
  try { json = JSON.parse(line); } catch { stderr.write(`line ${lineNo}: not valid JSON, skipped\n`); return undefined; }
  const parsed = ArticleInput.safeParse(json);
  if (!parsed.success) {
    stderr.write(`line ${lineNo}: ${formatIssues(parsed.error)}, skipped\n`);
    return undefined;
  }
  if (ids.has(parsed.data.id)) { stderr.write(`line ${lineNo}: duplicate id, skipped\n`); return undefined; }
  ids.add(parsed.data.id);
  return parsed.data;
}

function write(stream: Writable, s: string): Promise<void> {
  return new Promise((resolve) => (stream.write(s) ? resolve() : stream.once("drain", resolve)));
}
