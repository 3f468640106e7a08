import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import type { Writable } from "node:stream";
import { createEngine } from "../core/engine.js";
import type { PageInput } from "../core/page.js";
import { BatchScanner, DEFAULT_LOOKAHEAD } from "../core/scan.js";
import { ArticleInput, formatIssues } from "../schemas/article.js";

/** The most pages a scan reads ahead: each holds its analysis until its chunk is labeled (peak RSS 35–50 KB a page more, measured on 3.2 KB articles). */
const MAX_LOOKAHEAD = 100_000;

/** `scan`'s arguments: the file, and --lookahead N or --lookahead=N anywhere; a message when they are wrong. */
export function scanArgs(args: string[]): { path: string; lookahead: number } | { error: string } {
  const rest: string[] = [];
  let lookahead = DEFAULT_LOOKAHEAD;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a !== "--lookahead" && !a.startsWith("--lookahead=")) { rest.push(a); continue; }
    const value = a === "--lookahead" ? args[++i] : a.slice("--lookahead=".length);
    if (value === undefined || !/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LOOKAHEAD) return { error: `--lookahead takes a whole number of pages from 1 to ${MAX_LOOKAHEAD}` };
    lookahead = Number(value);
  }
  if (rest.length !== 1 || rest[0].startsWith("--")) return { error: rest.length === 1 ? `unknown option ${rest[0]}` : "scan takes one file" };
  return { path: rest[0], lookahead };
}

export interface ScanIo { stdout: Writable; stderr: Writable; progress: boolean }

/**
 * Reads JSON Lines articles, writes relation/block/cluster records; returns the count of bad lines.
 * Templates are learned `lookahead` pages ahead of labeling (DEFAULT_LOOKAHEAD).
 */
export async function scanFile(path: string, io: ScanIo, lookahead = DEFAULT_LOOKAHEAD): Promise<{ articles: number; bad: number }> {
  const scanner = new BatchScanner(await createEngine());
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
  for await (const line of linesOf(path)) {
    lineNo++;
    if (line === undefined) { io.stderr.write(`line ${lineNo}: not valid UTF-8, skipped\n`); bad++; continue; }
    if (line.trim() === "") continue;
    const page = parseLine(line, lineNo, ids, io.stderr);
    if (!page) { bad++; continue; }
    chunk.push(page);
    if (chunk.length >= lookahead) await flush();
  }
  if (chunk.length) await flush();
  const tail = scanner.finish().map((r) => JSON.stringify(r));
  if (tail.length) await write(io.stdout, tail.join("\n") + "\n");
  io.stderr.write(`tikrar scan: done, ${articles} articles, ${bad} bad lines, ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
  return { articles, bad };
}

/**
 * The file's lines (split at \n, a \r before it dropped, a UTF-8 byte order mark at the start
 * dropped), each decoded strictly: undefined for a line that is not UTF-8, which a lenient decoder
 * would turn into U+FFFD and the scan would take for text.
 */
export async function* linesOf(path: string): AsyncGenerator<string | undefined> {
  let pending: Buffer[] = []; // a line's pieces from earlier chunks: concatenated once, when it ends
  let first = true;
  const decode = (bytes: Buffer) => {
    let from = 0, to = bytes.length;
    if (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) from = 3;
    first = false;
    if (to > from && bytes[to - 1] === 0x0d) to--;
    const line = bytes.subarray(from, to);
    return isUtf8(line) ? line.toString("utf8") : undefined;
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let from = 0, nl: number;
    while ((nl = chunk.indexOf(0x0a, from)) !== -1) {
      const piece = chunk.subarray(from, nl);
      yield decode(pending.length ? Buffer.concat([...pending, piece]) : piece);
      pending = [];
      from = nl + 1;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
  }
  if (pending.length) yield decode(Buffer.concat(pending));
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
