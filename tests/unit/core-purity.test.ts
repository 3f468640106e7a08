import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";

const dir = new URL("../../src/core/", import.meta.url);

/** src/core runs unchanged in Node and Workers (tests/workerd runs it there): no I/O, no runtime-specific code. */
it("src/core imports only itself and xxhash-wasm, and uses no process, Buffer or require", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  expect(files.length).toBeGreaterThan(20);
  const offenders = files.flatMap((f) => {
    const text = readFileSync(new URL(f, dir), "utf8");
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]).filter((m) => !m.startsWith("./") && m !== "xxhash-wasm");
    const globals = text.match(/\bprocess\.|\bBuffer\.|\brequire\(/g) ?? [];
    return [...imports, ...globals].map((what) => `${f}: ${what}`);
  });
  expect(offenders).toEqual([]);
});
