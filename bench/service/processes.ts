import { spawn, type ChildProcess } from "node:child_process";
import { setPriority } from "node:os";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Starts a tikrar process (API or worker) with the given environment; resolves when it says `ready`.
 * `nice` lowers its scheduling priority (batch workers sharing a machine with the API).
 */
export async function startProcess(script: string, env: Record<string, string>, ready: RegExp, nice = 0): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  if (nice !== 0 && child.pid !== undefined) setPriority(child.pid, nice);
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${out}`)), 30_000);
    const on = (d: Buffer) => { out += d; if (ready.test(out)) { clearTimeout(timer); resolve(); } };
    child.stdout!.on("data", on);
    child.stderr!.on("data", on);
    child.once("exit", (code) => reject(new Error(`${script} exited ${code}: ${out}`)));
  });
  return child;
}

/** Ends a process this benchmark started, by its pid, and waits for it. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await done;
}
