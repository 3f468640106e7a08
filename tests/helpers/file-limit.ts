import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root: where the scripts below are run from. */
export const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The command that runs a TypeScript file of this repository with node (tsx), under a file-size
 * limit of `limitKiB` when one is given. The limit stands in for a full disk: the write that crosses
 * it is partial, then fails (EFBIG, SIGXFSZ ignored), as a write does when the disk fills up mid-line.
 */
export function tsxCommand(script: string, args: string[] = [], limitKiB?: number): [string, string[]] {
  if (limitKiB === undefined) return [process.execPath, ["--import", "tsx", script, ...args]];
  const quoted = [script, ...args].map((a) => `"${a}"`).join(" ");
  return ["bash", ["-c", `trap '' XFSZ; ulimit -f ${limitKiB}; exec "${process.execPath}" --import tsx ${quoted}`]];
}

/** Runs a script under a file-size limit and returns the last line it printed. */
export function runUnderFileLimit(limitKiB: number, script: string, ...args: string[]): string {
  const [command, argv] = tsxCommand(script, args, limitKiB);
  return execFileSync(command, argv, { cwd: root, encoding: "utf8" }).trim().split("\n").pop()!;
}
