import { createEngine } from "../../src/core/engine.js";
import type { PageInput } from "../../src/core/page.js";
import { BatchScanner } from "../../src/core/scan.js";

/**
 * What the core makes of some pages, as plain JSON: every `tikrar scan` record (blocks, pairs with
 * evidence, clusters, embeds, headline clusters) and each body's content hash (xxhash-wasm) and
 * signature. Imports src/core only, so it runs in Node and, bundled, in workerd alike.
 */
export async function probe(pages: PageInput[]): Promise<unknown> {
  const engine = await createEngine();
  const scanner = new BatchScanner(engine);
  const records = [...scanner.addChunk(pages), ...scanner.finish()];
  const sketches = pages.map((p) => {
    const a = engine.analyze(p);
    return { id: p.id, contentHash: a.body.contentHash, spec: a.body.signature.spec, signature: Array.from(a.body.signature.values) };
  });
  return JSON.parse(JSON.stringify({ records, sketches }));
}
