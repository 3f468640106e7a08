import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * An append-only JSON Lines log with group commit: appends made in the same tick share one
 * write and one fdatasync, and each append resolves only after its bytes are on disk.
 */
export class AppendLog<T> {
  private readonly fd: number;
  private pending: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, "a");
  }

  static open<T>(dir: string, name = "tikrar.log"): AppendLog<T> {
    mkdirSync(dir, { recursive: true });
    return new AppendLog<T>(join(dir, name));
  }

  /** Every complete entry in the log; a torn last line (crash mid-write) is ignored. */
  static read<T>(path: string): T[] {
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, "utf8").split("\n");
    const out: T[] = [];
    for (const line of lines) {
      if (!line) continue;
      try { out.push(JSON.parse(line) as T); } catch { /* a torn tail from a crash: not acknowledged, safe to drop */ }
    }
    return out;
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
