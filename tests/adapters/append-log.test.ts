import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppendLog } from "../../src/adapters/fs/append-log.js";
import { runUnderFileLimit } from "../helpers/file-limit.js";

const dir = () => mkdtempSync(join(tmpdir(), "tikrar-log-"));
const entries = <T>(path: string) => [...AppendLog.lines<T>(path)].map((l) => l.entry);

describe("AppendLog", () => {
  it("reads a log larger than its read chunk line by line, Arabic split across chunk edges included", async () => {
    const path = join(dir(), "big.log");
    // ~10 MB of two-byte Arabic text in lines of uneven length: chunk edges (every 4 MiB) fall inside lines and characters.
    const lines: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < 10 * 1024 * 1024; i++) {
      const line = JSON.stringify({ i, text: "نص عربي طويل ".repeat(1 + ((i * 7919) % 613)) + "ـ" });
      lines.push(line);
      bytes += Buffer.byteLength(line) + 1;
    }
    writeFileSync(path, lines.join("\n") + "\n");
    const got = entries<{ i: number; text: string }>(path);
    expect(got.length).toBe(lines.length);
    expect(got.every((e, k) => JSON.stringify(e) === lines[k])).toBe(true);
  });

  it("skips a torn last line and cuts it off before appending, so the next entry is not glued to it", async () => {
    const d = dir();
    const log = AppendLog.open<{ n: number }>(d);
    await log.append({ n: 1 });
    await log.append({ n: 2 });
    log.close();
    appendFileSync(log.path, '{"n":3, "text": "ما لم يكت'); // a crash mid-write: never acknowledged
    expect(entries(log.path)).toEqual([{ n: 1 }, { n: 2 }]);
    const reopened = AppendLog.open<{ n: number }>(d);
    await reopened.append({ n: 4 });
    reopened.close();
    expect(entries(log.path)).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
    expect(readFileSync(log.path, "utf8")).toBe('{"n":1}\n{"n":2}\n{"n":4}\n');
  });

  it("reports a line that does not parse in the middle, and reads on", () => {
    const path = join(dir(), "bad.log");
    writeFileSync(path, '{"n":1}\nnot json\n\n{"n":2}\n');
    expect([...AppendLog.lines(path)].map((l) => [l.entry, l.line])).toEqual([[{ n: 1 }, '{"n":1}'], [undefined, "not json"], [{ n: 2 }, '{"n":2}']]);
  });

  it("reads a missing or empty log as empty", () => {
    const d = dir();
    expect(entries(join(d, "none.log"))).toEqual([]);
    writeFileSync(join(d, "empty.log"), "");
    expect(entries(join(d, "empty.log"))).toEqual([]);
    const torn = join(d, "torn.log");
    writeFileSync(torn, '{"only":"torn"');
    new AppendLog(torn).close();
    expect(readFileSync(torn, "utf8")).toBe("");
  });

  it("refuses a write the file system cannot take (a full disk) without acknowledging it or leaving part of it, and reports it once", () => {
    const path = join(dir(), "full.log");
    // A 16 KiB file-size limit stands in for a full disk (see file-limit.ts).
    const { results, reports } = JSON.parse(runUnderFileLimit(16, "tests/helpers/append-until-full.ts", path)) as { results: { n: number; ok: boolean; error?: string; name?: string }[]; reports: string[] };
    const refused = results.filter((r) => !r.ok);
    expect(refused.map((r) => r.n)).toEqual([results.length - 4, results.length - 3, results.length - 2]);
    for (const r of refused) {
      expect(r.name).toBe("UnavailableError");
      expect(r.error).toMatch(/^the data directory cannot be written \(file size limit reached\); nothing of this request was kept/);
      expect(r.error).not.toMatch(/نص|خبر/);
    }
    expect(results.at(-1)).toEqual({ n: results.length - 1, ok: true }); // written once the file system takes it again
    // The log holds exactly the acknowledged entries, every line whole: nothing of the refused ones.
    const acked = results.filter((r) => r.ok).map((r) => r.n);
    expect(acked.length).toBeGreaterThan(3);
    expect([...AppendLog.lines<{ n: number }>(path)].map((l) => l.entry?.n)).toEqual(acked);
    expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatch(/^tikrar: cannot write the log .*full\.log \(EFBIG/);
    expect(reports[1]).toMatch(/is writable again$/);
    // Space back (no limit), the next append follows the acknowledged ones.
    const again = new AppendLog<{ n: number }>(path);
    return again.append({ n: 999 }).then(() => {
      again.close();
      expect([...AppendLog.lines<{ n: number }>(path)].map((l) => l.entry?.n)).toEqual([...acked, 999]);
    });
  }, 30_000);
});
