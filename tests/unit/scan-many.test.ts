import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
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

  it("keeps nothing in its arena for pages too short to match, among pages it keeps", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const buffersAfterGc = () => { gc(); gc(); return process.memoryUsage().arrayBuffers; };
    const docs = loadSaudiNewsNet().filter((d) => d.text.length > 1500 && d.text.length < 4000).slice(0, 300);
    const variant = storyVariants(docs);
    const stories = docs.map((d, i) => ({ id: `story-${i}`, text: variant(d.text, 2), source: "s" }));
    const short = (i: number) => ({ id: `short-${i}`, text: `خبر قصير رقم ${i} اليوم`, source: "s" });
    /** Buffers a scanner holds after scanning `pages`, in chunks of 500. */
    const held = async (pages: { id: string; text: string; source: string }[]) => {
      const before = buffersAfterGc();
      const scanner = new BatchScanner(await testEngine());
      for (let i = 0; i < pages.length; i += 500) scanner.addChunk(pages.slice(i, i + 500));
      const grown = buffersAfterGc() - before;
      expect(scanner.addChunk([])).toEqual([]); // alive until measured
      return grown;
    };
    // each story among 19 short pages: a short page's signature and fingerprints, kept in the
    // story's slab, would take ~0.5 KB, 2.9 MB in all
    const mixed = stories.flatMap((s, i) => [s, ...Array.from({ length: 19 }, (_, k) => short(19 * i + k))]);
    expect(await held(mixed) - await held(stories)).toBeLessThan(1_000_000);
  });
});
