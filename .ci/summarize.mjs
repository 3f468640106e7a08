// Reads vitest's JSON report and prints "N passed, N failed"; exits non-zero on any failure,
// on a run that executed no test, or on a run in which the Redis-backed suites did not run.
import { existsSync, readFileSync } from "node:fs";

const [reportPath, runnerStatus] = process.argv.slice(2);
if (!existsSync(reportPath)) {
  console.log("vitest wrote no report");
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, "utf8"));
const tests = report.testResults.flatMap((file) => file.assertionResults.map((t) => ({ file: file.name, status: t.status })));
const passed = tests.filter((t) => t.status === "passed").length;
let failed = tests.filter((t) => t.status === "failed").length;
const skipped = tests.length - passed - failed;
const fileFailures = report.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
failed += fileFailures;

const problems = [];
if (passed === 0) problems.push("no test passed");
if (skipped > 0) problems.push(`${skipped} tests were skipped or todo; skipped tests do not count as passing`);
const redisPassed = tests.filter((t) => /redis/i.test(t.file) && t.status === "passed").length;
if (existsSync("tests/integration") && redisPassed === 0) problems.push("the Redis-backed tests did not run");
if (Number(runnerStatus) !== 0 && failed === 0) problems.push(`vitest exited with status ${runnerStatus}`);
for (const p of problems) console.log(`CI: ${p}`);
if (problems.length && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
