import { compareFiles } from "./compare-command.js";
import { DEFAULT_LOOKAHEAD } from "../core/scan.js";
import { scanArgs, scanFile } from "./scan-command.js";

const USAGE = `usage:
  tikrar scan [--lookahead N] FILE.jsonl
                              relations, blocks, clusters and headline clusters as JSON Lines on stdout;
                              templates are learned N pages ahead of labeling (default ${DEFAULT_LOOKAHEAD})
  tikrar compare A.txt B.txt  a readable report of how two pages relate`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === "scan") {
    const a = scanArgs(args);
    if ("error" in a) { process.stderr.write(`tikrar: ${a.error}\n${USAGE}\n`); return 64; }
    const { bad } = await scanFile(a.path, { stdout: process.stdout, stderr: process.stderr, progress: true }, a.lookahead);
    return bad > 0 ? 2 : 0;
  }
  if (command === "compare" && args.length === 2) {
    process.stdout.write((await compareFiles(args[0], args[1], Boolean(process.stdout.isTTY))) + "\n");
    return 0;
  }
  process.stderr.write(USAGE + "\n");
  return command === "help" || command === "--help" ? 0 : 64;
}

// A reader that stops early (`tikrar scan … | head`) closes the pipe: the output was cut by its
// choice, so stop quietly rather than die on the write error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  process.stderr.write(`tikrar: cannot write the output: ${e.message}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`tikrar: ${e.code === "ENOENT" ? `no such file: ${e.path}` : e.message}\n`);
    process.exitCode = 1;
  },
);
