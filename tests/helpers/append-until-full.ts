// Run by tests/adapters/append-log.test.ts under a file-size limit (`ulimit -f`, SIGXFSZ ignored):
// appends large entries until the file system refuses one, then one small entry that still fits,
// and prints what each append answered and what the log reported.
import { AppendLog } from "../../src/adapters/fs/append-log.js";

const reports: string[] = [];
const log = new AppendLog<{ n: number; text: string }>(process.argv[2], (line) => reports.push(line));
const results: { n: number; ok: boolean; error?: string; name?: string }[] = [];
const append = async (n: number, text: string) => {
  try { await log.append({ n, text }); results.push({ n, ok: true }); } catch (e) { results.push({ n, ok: false, error: (e as Error).message, name: (e as Error).name }); }
};
let n = 0;
while (n < 200 && !results.some((r) => !r.ok)) await append(n++, "نص الخبر ".repeat(150));
await Promise.all([append(n++, "نص ".repeat(400)), append(n++, "خبر ".repeat(400))]); // one batch, refused whole
await append(n++, "قصير"); // fits in the room left
log.close();
console.log(JSON.stringify({ results, reports }));
