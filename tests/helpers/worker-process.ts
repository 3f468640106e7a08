import { spawn, type ChildProcess } from "node:child_process";
import { expect } from "vitest";
import { root } from "./file-limit.js";

/** `npm run worker` as its own process with `env` added, resolved once it says it is consuming. */
export async function startWorkerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/ingest-worker.ts"], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  for (let i = 0; i < 400 && !out.includes("consuming") && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
  expect(out).toMatch(/consuming/);
  return { child, output: () => out };
}

/** Sends `signal` to a worker this test started; resolves with its exit code (null when a signal ended it). */
export function stopWorkerProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill(signal);
  return exited;
}
