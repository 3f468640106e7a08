import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { UnavailableError } from "../../ports.js";

/** One complete line of a log: its entry, or undefined when the line does not parse. */
export interface LogLine<T> {
  entry: T | undefined;
  line: string;
}

/** Bytes read at a time: a log may outgrow the longest string V8 can make (536,870,888 characters), so it is never read whole. */
const CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/** What a failed write's errno means, in the words of the 503 and of the log line. */
const CAUSES: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file size limit reached",
  EROFS: "read-only file system",
  EIO: "I/O error",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
};

/**
 * An append-only JSON Lines log with group commit: appends made in the same tick share one
 * write and one fdatasync, and each append resolves only after its bytes are on disk.
 *
 * A write that fails (a full disk, a quota, an I/O error) rejects every append of its batch with an
 * UnavailableError, and the part of the batch that reached the file is cut off again: an append
 * that was not acknowledged leaves no line, and no torn line is left for the next append to be glued
 * to. The first failure and the recovery are each reported once (`report`, stderr by default).
 */
export class AppendLog<T> {
  private readonly fd: number;
  private pending: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  /** Bytes of complete, acknowledged lines: where a failed batch is cut back to. */
  private size: number;
  private failing = false;

  /** Opens for appending; a torn last line (a crash mid-write, never acknowledged) is cut off first. */
  constructor(readonly path: string, private readonly report: (line: string) => void = (line) => console.error(line)) {
    this.fd = openSync(path, "a+");
    cutTornTail(this.fd);
    this.size = fstatSync(this.fd).size;
  }

  static open<T>(dir: string, name = "tikrar.log"): AppendLog<T> {
    mkdirSync(dir, { recursive: true });
    return new AppendLog<T>(join(dir, name));
  }

  /**
   * Every complete line of the log in order, read in chunks (memory is bounded by the longest
   * line). A torn last line (a crash mid-write: never acknowledged) is not a line.
   */
  static *lines<T>(path: string): Generator<LogLine<T>> {
    if (!existsSync(path)) return;
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      let carry: Buffer[] = [];
      for (let got; (got = readSync(fd, buf, 0, CHUNK, null)) > 0;) {
        const view = buf.subarray(0, got);
        let from = 0;
        for (let nl; (nl = view.indexOf(NEWLINE, from)) !== -1; from = nl + 1) {
          const bytes = carry.length ? Buffer.concat([...carry, view.subarray(from, nl)]) : view.subarray(from, nl);
          carry = [];
          if (bytes.length === 0) continue;
          // A newline byte never occurs inside a multi-byte UTF-8 sequence, so each line decodes alone.
          const line = bytes.toString("utf8");
          let entry: T | undefined;
          try { entry = JSON.parse(line) as T; } catch { entry = undefined; }
          yield { entry, line };
        }
        if (from < got) carry.push(Buffer.from(view.subarray(from)));
      }
    } finally {
      closeSync(fd);
    }
  }

  append(entry: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line: JSON.stringify(entry) + "\n", resolve, reject });
      if (!this.scheduled) { this.scheduled = true; queueMicrotask(() => this.flush()); }
    });
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const bytes = Buffer.from(batch.map((b) => b.line).join(""));
    try {
      writeAll(this.fd, bytes);
      fdatasyncSync(this.fd);
    } catch (e) {
      try { ftruncateSync(this.fd, this.size); } catch { /* not a regular file (a device): nothing to cut */ }
      const code = (e as NodeJS.ErrnoException).code ?? "";
      const cause = CAUSES[code] ?? (code || "write failed");
      if (!this.failing) {
        this.failing = true;
        this.report(`tikrar: cannot write the log ${this.path} (${(e as Error).message}); writes are refused (503) until it can`);
      }
      const err = new UnavailableError(`the data directory cannot be written (${cause}); nothing of this request was kept, retry later`, { cause: e });
      for (const b of batch) b.reject(err);
      return;
    }
    this.size += bytes.length;
    if (this.failing) {
      this.failing = false;
      this.report(`tikrar: the log ${this.path} is writable again`);
    }
    for (const b of batch) b.resolve();
  }
}

/**
 * Writes every byte: one write may take only part of them (a disk filling up) and say so only by
 * its count; the rest go in further writes, the next of which throws the error.
 */
export function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Cuts the file back to its last newline. Left in place, a torn line would be glued to the next
 * append, and that acknowledged entry would then fail to parse at replay and be lost.
 */
function cutTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, size));
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - buf.length);
    const got = readSync(fd, buf, 0, end - start, start);
    const nl = buf.subarray(0, got).lastIndexOf(NEWLINE);
    if (nl !== -1) {
      if (start + nl + 1 < size) { ftruncateSync(fd, start + nl + 1); fdatasyncSync(fd); }
      return;
    }
    end = start;
  }
  ftruncateSync(fd, 0); // no complete line at all
  fdatasyncSync(fd);
}
