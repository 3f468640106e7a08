import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageInput } from "../../src/core/page.js";
import { loadSeeds } from "../helpers/seeds.js";
import { probe } from "./probe.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let out = "";
let mf: Miniflare | undefined;

/**
 * The core must run unchanged in Cloudflare Workers. The probe worker is bundled by wrangler as
 * `wrangler deploy` would upload it (the `workerd` build of xxhash-wasm, its wasm as a module),
 * then run in workerd through Miniflare; its answer must equal Node's, record for record.
 */
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "tikrar-workerd-"));
  const build = spawnSync(process.execPath, [join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "tests/workerd/worker.ts", "--name", "tikrar-core-probe", "--compatibility-date", "2026-04-01", "--dry-run", "--outdir", out], {
    cwd: root, encoding: "utf8", timeout: 60_000,
    // No banner: it checks the registry for a newer wrangler. No metrics either.
    env: { ...process.env, WRANGLER_HIDE_BANNER: "true", WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  if (build.status !== 0) throw new Error(`wrangler could not bundle the probe worker: ${build.stderr}${build.stdout}`);
  mf = new Miniflare({ modules: true, modulesRoot: out, scriptPath: join(out, "worker.js"), modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }], compatibilityDate: "2026-04-01" });
}, 90_000);

afterAll(async () => {
  await mf?.dispose();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** The seeds, a re-typed copy and a lead-only cut: blocks, templates, pairs with evidence, clusters. */
function pages(): PageInput[] {
  const seeds = [...loadSeeds()].map(([id, text]) => ({ id, text, source: "seed-site" }));
  const first = seeds[0].text;
  const retyped = first.replace(/ا/g, "أ").replace(/ي /g, "ى ").replace(/1/g, "١").replace(/ة/g, "ة\u200c").replace(/ال/g, "الـ");
  const lead = seeds[2].text.slice(0, Math.floor(seeds[2].text.length / 2));
  return [...seeds, { id: "retyped", text: retyped, source: "other-site" }, { id: "lead", text: lead, source: "third-site" }, { id: "empty", text: "" }, { id: "odd", text: "\ud800 \u200f\ufeff ﻻ" }];
}

describe("the core in Cloudflare Workers (workerd)", () => {
  it("gives what Node gives: blocks, pairs with evidence, clusters, content hashes, signatures", async () => {
    const input = pages();
    const res = await mf!.dispatchFetch("http://localhost/", { method: "POST", body: JSON.stringify(input) });
    expect(res.status).toBe(200);
    const inWorkers = (await res.json()) as { records: { type: string; a?: string; b?: string }[]; sketches: { contentHash: string }[] };
    const inNode = await probe(JSON.parse(JSON.stringify(input)));
    expect(inWorkers).toEqual(inNode);
    // The comparison is not empty: copies were found, and hashes were computed.
    const pairs = inWorkers.records.filter((r) => r.type === "pair").map((r) => [r.a, r.b].sort().join(" "));
    expect(pairs).toEqual(expect.arrayContaining(["000 retyped", "002 lead"]));
    expect(inWorkers.records.filter((r) => r.type === "cluster")).toHaveLength(2);
    expect(inWorkers.records.some((r) => r.type === "headline_cluster")).toBe(true);
    expect(inWorkers.records.filter((r) => r.type === "blocks")).toHaveLength(input.length);
    expect(inWorkers.sketches[0].contentHash).toMatch(/^[0-9a-f]{16}$/);
  });
});
