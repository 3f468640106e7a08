import { spawn, type ChildProcess } from "node:child_process";
import { expect } from "vitest";
import { root, tsxCommand } from "./file-limit.js";

/**
 * `npm start` in the embedded default on `dataDir`, resolved once it listens; with `fileLimitKiB`,
 * under a file-size limit that stands in for a full disk (see file-limit.ts).
 */
export async function startServer(dataDir: string, port: number, o: { fileLimitKiB?: number } = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const { REDIS_URL: _, ...rest } = process.env;
  const env = { ...rest, TIKRAR_DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: String(port) };
  const [command, args] = tsxCommand("src/entry/node.ts", [], o.fileLimitKiB);
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  for (let i = 0; i < 400 && !out.includes("listening"); i++) await new Promise((r) => setTimeout(r, 50));
  expect(out).toMatch(/listening/);
  return { child, output: () => out };
}

/** SIGTERM to a server this test started; resolves with its exit code. */
export function stopServer(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  return exited;
}
