import { closeSync, existsSync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";

/** One complete line of a log: its entry, or undefined when the line does not parse. */
export interface LogLine<T> {
  entry: T | undefined;
  line: string;
}

/** Bytes read at a time: a log may outgrow the longest string V8 can make (536,870,888 characters), so it is never read whole. */
const CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * An append-only JSON Lines log with group commit: appends made in the same tick share one
 * write and one fdatasync, and each append resolves only after its bytes are on disk.
 */
export class AppendLog<T> {
  private readonly fd: number;
  private pending: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  /** Opens for appending; a torn last line (a crash mid-write, never acknowledged) is cut off first. */
  constructor(readonly path: string) {
    this.fd = openSync(path, "a+");
    cutTornTail(this.fd);
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
    try {
      writeSync(this.fd, batch.map((b) => b.line).join(""));
      fdatasyncSync(this.fd);
      for (const b of batch) b.resolve();
    } catch (e) {
      for (const b of batch) b.reject(e);
    }
  }
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
