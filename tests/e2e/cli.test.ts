import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { linesOf } from "../../src/cli/scan-command.js";
import { loadSeeds, story } from "../helpers/seeds.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = (...args: string[]) => spawnSync("npm", ["run", "-s", "tikrar", "--", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), "tikrar-cli-"));

describe("tikrar scan", () => {
  it("writes blocks for every article, pairs for copies, and reports bad lines by number", () => {
    const seeds = [...loadSeeds()].map(([id, text]) => JSON.stringify({ id, text }));
    const copy = JSON.stringify({ id: "copy-003", text: loadSeeds().get("003")!.replace(/أ/g, "ا").replace(/ة/g, "ه"), source: "other" });
    const lead = JSON.stringify({ id: "lead", text: story(5, 30).split("\n\n").slice(0, 10).join("\n\n") });
    const full = JSON.stringify({ id: "full", text: story(5, 30), publishedAt: "2024-08-01T00:00:00Z" });
    const file = join(dir, "in.jsonl");
    writeFileSync(file, [...seeds, "{not json", JSON.stringify({ id: "x:y", text: "a" }), copy, full, lead, JSON.stringify({ id: "empty", text: "" })].join("\n") + "\n");
    const r = run("scan", file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 6: not valid JSON, skipped/);
    expect(r.stderr).toMatch(/line 7: id: .*skipped/);
    expect(r.stderr).toMatch(/line 11: text: text is empty, skipped/);
    const records = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(records.filter((x) => x.type === "blocks").map((x) => x.id)).toEqual(["000", "001", "002", "003", "004", "copy-003", "full", "lead"]);
    const pairs = records.filter((x) => x.type === "pair");
    expect(pairs).toContainEqual(expect.objectContaining({ a: "003", b: "copy-003", relation: "duplicate", similarity: 1 }));
    const partial = pairs.find((p) => p.a === "full" && p.b === "lead");
    expect(partial?.relation).toBe("partial");
    expect(partial.containment[1]).toBeGreaterThan(0.9);
    expect(pairs).toHaveLength(2);
    expect(records.filter((x) => x.type === "cluster")).toContainEqual({ type: "cluster", canonical: "003", members: ["003", "copy-003"] });
    expect(records.some((x) => x.type === "headline_cluster")).toBe(true);
  });

  it("reads lines as written: a byte order mark, CRLF, a long line across reads, no final newline; a line not in UTF-8 is reported", async () => {
    const long = JSON.stringify({ id: "long", text: story(7, 2_000) }); // ~255 KB: four reads of the file (64 KB each)
    const file = join(dir, "lines.jsonl");
    const cp1256 = Buffer.from([0xc7, 0xe1, 0xd3, 0xe1, 0xc7, 0xe3]); // "السلام" in windows-1256
    writeFileSync(file, Buffer.concat([Buffer.from("\ufeff" + JSON.stringify({ id: "bom", text: "نص" }) + "\r\n"), Buffer.from('{"id":"cp","text":"'), cp1256, Buffer.from('"}\n' + long + "\n\n" + JSON.stringify({ id: "last", text: "نص أخير" }))]));
    const lines = [];
    for await (const l of linesOf(file)) lines.push(l);
    expect(lines).toEqual([JSON.stringify({ id: "bom", text: "نص" }), undefined, long, "", JSON.stringify({ id: "last", text: "نص أخير" })]);
    const r = run("scan", file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 2: not valid UTF-8, skipped/);
    expect(r.stderr).toMatch(/done, 3 articles, 1 bad lines/);
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l)).filter((x) => x.type === "blocks").map((x) => x.id)).toEqual(["bom", "long", "last"]);
  });

  it("stops quietly when its reader stops early (tikrar scan … | head -1)", () => {
    const file = join(dir, "many.jsonl");
    writeFileSync(file, Array.from({ length: 400 }, (_, i) => JSON.stringify({ id: `m${i}`, text: story(i % 50, 6) })).join("\n") + "\n");
    const r = spawnSync("bash", ["-c", `npm run -s tikrar -- scan "${file}" | head -1; echo "scan exit \${PIPESTATUS[0]}" >&2`], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ type: "blocks", id: "m0" });
    expect(r.stderr).toMatch(/scan exit 0/);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  });

  it("fails clearly on a missing file and on bad usage", () => {
    const missing = run("scan", join(dir, "nope.jsonl"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
    expect(run("frobnicate").status).toBe(64);
    const badLookahead = run("scan", "--lookahead", "0", join(dir, "nope.jsonl"));
    expect(badLookahead.status).toBe(64);
    expect(badLookahead.stderr).toMatch(/--lookahead takes a whole number of pages from 1 to 100000/);
    const lookahead = run("scan", "--lookahead=5", join(dir, "nope.jsonl")); // the option taken, then the file looked for
    expect(lookahead.status).toBe(1);
    expect(lookahead.stderr).toMatch(/no such file/);
    const cp1256 = join(dir, "cp1256.txt");
    writeFileSync(cp1256, Buffer.from([0xc7, 0xe1, 0xd3, 0xe1, 0xc7, 0xe3])); // "السلام" in windows-1256
    const notUtf8 = run("compare", cp1256, cp1256);
    expect(notUtf8.status).toBe(1);
    expect(notUtf8.stderr).toMatch(/cp1256\.txt is not UTF-8 text/);
  });
});

describe("tikrar compare", () => {
  it("reports the relation and highlights shared passages", () => {
    const a = join(dir, "a.txt"), b = join(dir, "b.txt");
    writeFileSync(a, story(9, 20));
    writeFileSync(b, "الرياض - واس: " + story(9, 20).replace("الوزير", "المسؤول"));
    const r = run("compare", a, b);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Relation: near_duplicate/);
    expect(r.stdout).toMatch(/«.+»/);
  });
});

describe("the installed command (package.json bin)", () => {
  it("runs from another directory through a link, as npm link and npm install -g set it up", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
    const target = join(root, pkg.bin.tikrar);
    const binDir = mkdtempSync(join(tmpdir(), "tikrar-bin-"));
    symlinkSync(target, join(binDir, "tikrar"));
    const a = join(dir, "x.txt"), b = join(dir, "y.txt");
    writeFileSync(a, story(4, 20));
    writeFileSync(b, story(4, 20));
    const r = spawnSync(join(binDir, "tikrar"), ["compare", a, b], { cwd: tmpdir(), encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Relation: duplicate/);
    const usage = spawnSync(join(binDir, "tikrar"), [], { cwd: tmpdir(), encoding: "utf8", timeout: 60_000 });
    expect(usage.status).toBe(64);
    expect(usage.stderr).toMatch(/tikrar scan \[--lookahead N\] FILE\.jsonl/);
  });
});
