import { describe, expect, it } from "vitest";
import { BatchScanner, type ScanRecord } from "../../src/core/scan.js";
import { loadSaudiNewsNet, storyVariants } from "../../bench/eval/corpus-data.js";
import { retype } from "../../bench/eval/retype.js";
import { Rng } from "../../bench/eval/prng.js";
import { testEngine } from "../helpers/engine.js";

describe("BatchScanner over a batch larger than its slabs", () => {
  it("pairs each re-typed copy with its own original and no other", async () => {
    // 450 articles keep ~0.7 MB of signatures and fingerprints: several of the scan's 256 KB slabs
    const docs = loadSaudiNewsNet().filter((d) => d.text.length > 1500 && d.text.length < 4000);
    const variant = storyVariants(docs);
    const originals = docs.slice(0, 300).map((d, i) => ({ id: `o${i}`, text: variant(d.text, 1), source: d.source }));
    const rng = new Rng(11);
    const copies = originals.filter((_, i) => i % 2 === 0).map((o, k) => ({ id: `c${k}`, text: retype(o.text, rng), source: "other" }));
    const scanner = new BatchScanner(await testEngine());
    const records: ScanRecord[] = [...scanner.addChunk([...originals, ...copies]), ...scanner.finish()];
    const pairs = records.filter((r): r is Extract<ScanRecord, { type: "pair" }> => r.type === "pair");
    const ofCopy = new Map<string, string[]>();
    for (const p of pairs) if (p.b.startsWith("c")) ofCopy.set(p.b, [...(ofCopy.get(p.b) ?? []), `${p.a} ${p.relation}`]);
    copies.forEach((c, k) => expect([c.id, ofCopy.get(c.id)]).toEqual([c.id, [`o${2 * k} duplicate`]]));
    // the originals are distinct stories: no pair among them
    expect(pairs.filter((p) => p.b.startsWith("o"))).toEqual([]);
  });
});
