import { closeSync, existsSync, fdatasyncSync, fsyncSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { jobIdFor, type JobProcessor } from "../../app/jobs.js";
import { MAX_BATCH, type JobPayload } from "../../schemas/job.js";
import { AppendLog, writeAll } from "../fs/append-log.js";
import type { LogEntry } from "./embedded-queue.js";

/** What a start did with the log (printed at startup). */
export interface ReplayReport {
  /** Complete lines replayed, and those that did not parse (skipped; compaction is then not run). */
  entries: number;
  unreadable: number;
  /** Article writes replayed, and the ones replay must still keep: each live article's last effective write. */
  articleWrites: number;
  live: number;
  compacted?: { entriesBefore: number; entriesAfter: number; bytesBefore: number; bytesAfter: number };
  /** Why a compaction that was due did not happen (the new file could not be written): the log is left as it was. */
  compactionFailed?: string;
}

export interface ReplayOptions {
  /**
   * Compact at start when at least this many logged article writes are dead (replaced, deleted,
   * stale or failed) and they are at least a third of all: the log then holds only what
   * rebuilds the index, and replay stops growing with every revision and delete.
   */
  compactMinDead: number;
}

export const DEFAULT_REPLAY_OPTIONS: ReplayOptions = { compactMinDead: 10_000 };

/** Write outcomes after which the log's write is what defines the article (or its absence) in the index. */
const EFFECTIVE = new Set(["created", "replaced", "too_short"]);

/**
 * Each article's effective write in the log: the last one whose outcome changed the index.
 * `unchanged` and `stale` writes changed nothing, and a delete ends every earlier write. Replaying
 * only these writes, in log order, rebuilds the same index: the same articles, the same content and
 * revisions, related in the same order.
 */
export class LiveWrites {
  /** id -> log line ordinal × MAX_BATCH + index of the article in the line's payload. */
  private readonly live = new Map<string, number>();
  articleWrites = 0;

  noteJob(ordinal: number, payload: JobPayload, result: unknown): void {
    const n = payload.articles.length;
    this.articleWrites += n;
    if (result === undefined) return; // the job failed: it wrote nothing
    if (n === 1) {
      this.note(ordinal, 0, payload.articles[0].id, (result as { outcome?: string }).outcome);
      return;
    }
    // A batch reports its valid articles in order, and the indices of the rejected ones.
    const r = result as { articles: { id: string; outcome: string }[]; rejected: { index: number }[] };
    const rejected = new Set(r.rejected.map((x) => x.index));
    let k = 0;
    for (let i = 0; i < n && k < r.articles.length; i++) {
      if (rejected.has(i)) continue;
      const a = r.articles[k++];
      this.note(ordinal, i, a.id, a.outcome);
    }
  }

  noteDelete(id: string): void {
    this.live.delete(id);
  }

  keeps(ordinal: number, index: number, id: string): boolean {
    return this.live.get(id) === ordinal * MAX_BATCH + index;
  }

  get size(): number {
    return this.live.size;
  }

  private note(ordinal: number, index: number, id: string, outcome: string | undefined): void {
    if (outcome !== undefined && EFFECTIVE.has(outcome)) this.live.set(id, ordinal * MAX_BATCH + index);
  }
}

/**
 * Replays the log into the index (jobs through `process`, deletes through `applyDelete`), reading
 * it line by line, then compacts it when most of it is dead. Run before the log is opened for
 * appending.
 */
export async function replayLog(path: string, process: JobProcessor, applyDelete: (id: string) => Promise<void>, options: ReplayOptions = DEFAULT_REPLAY_OPTIONS): Promise<ReplayReport> {
  const live = new LiveWrites();
  let entries = 0, unreadable = 0, ordinal = 0;
  for (const { entry } of AppendLog.lines<LogEntry>(path)) {
    const k = ordinal++;
    if (!isEntry(entry)) { unreadable++; continue; }
    entries++;
    if (entry.t === "delete") { await applyDelete(entry.id); live.noteDelete(entry.id); continue; }
    let result: unknown;
    try { result = await process(entry.payload, entry.at); } catch { result = undefined; } // failed before the restart too
    live.noteJob(k, entry.payload, result);
  }
  const report: ReplayReport = { entries, unreadable, articleWrites: live.articleWrites, live: live.size };
  const dead = live.articleWrites - live.size;
  if (unreadable === 0 && dead >= options.compactMinDead && 3 * dead >= live.articleWrites) {
    // Compaction only saves replay time: when the new file cannot be written (a full disk), the start goes on with the old log.
    try { report.compacted = await compact(path, live); } catch (e) { report.compactionFailed = (e as Error).message; }
  }
  return report;
}

function isEntry(e: unknown): e is LogEntry {
  if (typeof e !== "object" || e === null) return false;
  const x = e as Partial<LogEntry> & { payload?: { articles?: unknown } };
  if (x.t === "delete") return typeof x.id === "string";
  return x.t === "job" && Array.isArray(x.payload?.articles);
}

/**
 * Rewrites the log with only the live writes, in their order, into a new file that then replaces
 * the old one by rename: a crash at any point leaves either the old log or the new one, whole. A
 * write that fails (a full disk) removes the new file and throws, leaving the old log in place.
 */
async function compact(path: string, live: LiveWrites): Promise<NonNullable<ReplayReport["compacted"]>> {
  const tmp = path + ".compact";
  if (existsSync(tmp)) rmSync(tmp); // an interrupted earlier compaction
  const fd = openSync(tmp, "w");
  let entriesBefore = 0, entriesAfter = 0, pending: string[] = [], pendingChars = 0;
  const flush = () => { if (pending.length) writeAll(fd, Buffer.from(pending.join(""))); pending = []; pendingChars = 0; };
  const put = (line: string) => { pending.push(line, "\n"); pendingChars += line.length + 1; entriesAfter++; if (pendingChars > 4 * 1024 * 1024) flush(); };
  try {
    let ordinal = 0;
    for (const { entry, line } of AppendLog.lines<LogEntry>(path)) {
      const k = ordinal++;
      entriesBefore++;
      if (!isEntry(entry) || entry.t !== "job") continue; // a delete ends writes that are not copied
      const kept = entry.payload.articles.filter((a, i) => live.keeps(k, i, a.id));
      if (kept.length === entry.payload.articles.length) put(line);
      else if (kept.length > 0) {
        const payload = { articles: kept };
        put(JSON.stringify({ t: "job", id: await jobIdFor(payload), at: entry.at, payload } satisfies LogEntry));
      }
    }
    flush();
    fdatasyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  const bytesBefore = statSync(path).size, bytesAfter = statSync(tmp).size;
  renameSync(tmp, path);
  const dir = openSync(dirname(path), "r"); // the rename itself is durable once the directory is synced
  try { fsyncSync(dir); } finally { closeSync(dir); }
  return { entriesBefore, entriesAfter, bytesBefore, bytesAfter };
}
