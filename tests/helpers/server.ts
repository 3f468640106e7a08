import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * `npm start` in the embedded default on `dataDir`, resolved once it listens. With `fileLimitKiB` it
 * runs under a file-size limit that stands in for a full disk: the write that crosses it is partial,
 * then fails (EFBIG; SIGXFSZ ignored), as a write does when the disk fills up mid-line.
 */
export async function startServer(dataDir: string, port: number, o: { fileLimitKiB?: number } = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const { REDIS_URL: _, ...rest } = process.env;
  const env = { ...rest, TIKRAR_DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: String(port) };
  const child = o.fileLimitKiB === undefined
    ? spawn(process.execPath, ["--import", "tsx", "src/entry/node.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
    : spawn("bash", ["-c", `trap '' XFSZ; ulimit -f ${o.fileLimitKiB}; exec "${process.execPath}" --import tsx src/entry/node.ts`], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
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
