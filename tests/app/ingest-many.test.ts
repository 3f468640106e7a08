import { describe, expect, it } from "vitest";
import { MemoryIndexStore } from "../../src/adapters/memory/memory-index-store.js";
import { ArticleService } from "../../src/app/article-service.js";
import { createEngine } from "../../src/core/engine.js";
import type { PageInput } from "../../src/core/page.js";
import { specKey } from "../../src/core/signature-spec.js";
import { loadSeeds, story } from "../helpers/seeds.js";

async function fresh() {
  const engine = await createEngine();
  const store = new MemoryIndexStore(specKey(engine.options.spec), engine.options.spec.numPerm, engine.lsh);
  let t = 0;
  return { store, service: new ArticleService(engine, store, { now: () => ++t }) };
}

const reprint = (seed: number) => "الرياض - واس: " + story(seed, 16).replace(/الوزير/g, "المسؤول");
const lead = (seed: number) => story(seed, 16).split("\n\n").slice(0, 9).join("\n\n");

const pages: PageInput[] = [
  { id: "wire", text: story(1, 16) },
  { id: "other", text: story(2, 16) },
  { id: "reprint", text: reprint(1) },
  { id: "lead", text: lead(1) },
  { id: "other-copy", text: story(2, 16) },
  { id: "tiny", text: "خبر قصير" },
];

const shape = (r: { id: string; outcome: string; removed?: boolean; relations: { id: string; relation: string }[]; embeds: { id: string }[] }) =>
  ({ id: r.id, outcome: r.outcome, removed: r.removed, relations: r.relations.map((l) => `${l.id}:${l.relation}`).sort(), embeds: r.embeds.map((e) => e.id).sort() });

/** The pages ingested one by one on one fresh store and as one batch on another: both results, shaped, and both services. */
async function bothWays(input: PageInput[]) {
  const one = await fresh();
  const sequential = [];
  for (const p of input) sequential.push(shape(await one.service.ingest(p)));
  const many = await fresh();
  return { one, many, sequential, batched: (await many.service.ingestMany(input)).map(shape) };
}

describe("ArticleService.ingestMany", () => {
  it("gives what ingesting one by one gives, copies inside the batch included", async () => {
    const { one, many, sequential, batched } = await bothWays(pages);
    expect(batched).toEqual(sequential);
    expect(batched.find((r) => r.id === "reprint")?.relations).toContain("wire:near_duplicate");
    expect(batched.find((r) => r.id === "other-copy")?.relations).toEqual(["other:duplicate"]);
    expect(batched.find((r) => r.id === "tiny")?.outcome).toBe("too_short");
    for (const id of ["wire", "reprint", "lead", "other"]) {
      const links = (s: MemoryIndexStore) => s.links(id).then((ls) => ls.map((l) => `${l.id}:${l.kind}`).sort());
      expect(await links(many.store)).toEqual(await links(one.store));
    }
    expect(await many.store.size()).toBe(5);
  });

  it("a version with nothing to index takes the article out unless it is older, one by one and in a batch alike", async () => {
    const versions: PageInput[] = [
      { id: "v", text: story(5, 16), rev: 2 },
      { id: "v", text: "خبر", rev: 1 }, // older: the stored version stays
      { id: "v", text: "خبر", rev: 2 }, // not older: the article leaves the index
      { id: "v", text: "خبر", rev: 3 }, // nothing left to remove
      { id: "w", text: story(6, 16), rev: 5 },
      { id: "w", text: "خبر", rev: 4 }, // older, in the same batch as the version it would remove
      { id: "w-copy", text: story(6, 16) },
    ];
    const { one, many, sequential, batched } = await bothWays(versions);
    expect(batched).toEqual(sequential);
    expect(batched.map((r) => [r.outcome, r.removed])).toEqual([["created", undefined], ["stale", undefined], ["too_short", true], ["too_short", undefined], ["created", undefined], ["stale", undefined], ["created", undefined]]);
    expect(batched.at(-1)?.relations).toEqual(["w:duplicate"]);
    for (const s of [one.store, many.store]) {
      expect(await s.get("v")).toBeUndefined();
      expect((await s.get("w"))?.rev).toBe(5);
    }
  });

  it("gives the same across its slices: copies 150 pages apart find each other", async () => {
    const many: PageInput[] = Array.from({ length: 300 }, (_, i) => (i < 150 ? { id: `orig-${i}`, text: story(300 + i, 10) } : { id: `copy-${i - 150}`, text: reprint(300 + i - 150) }));
    many.push({ id: "orig-3", text: story(299, 10) }); // a new version of an id written two slices earlier
    const { sequential, batched } = await bothWays(many);
    expect(batched).toEqual(sequential);
    expect(batched.filter((r) => r.id.startsWith("copy-") && r.relations.length > 0).length).toBe(150);
    expect(batched.at(-1)?.outcome).toBe("replaced");
  });

  it("relates later pages to the batch's own newer version of an id, not the stored one", async () => {
    const { service, store } = await fresh();
    await service.ingest({ id: "x", text: story(10, 16), rev: 1 });
    const [replaced, copy] = await service.ingestMany([
      { id: "x", text: story(11, 16), rev: 2 },
      { id: "copy-of-old-x", text: story(10, 16) },
    ]);
    expect(replaced.outcome).toBe("replaced");
    expect(copy.relations).toEqual([]);
    expect((await store.get("x"))?.rev).toBe(2);
  });

  it("keeps revision order and idempotency inside one batch", async () => {
    const { service, store } = await fresh();
    const out = await service.ingestMany([
      { id: "y", text: story(20, 14), rev: 5 },
      { id: "y", text: story(20, 14), rev: 5 },
      { id: "y", text: story(21, 14), rev: 4 },
    ]);
    expect(out.map((r) => r.outcome)).toEqual(["created", "unchanged", "stale"]);
    expect((await store.get("y"))?.rev).toBe(5);
  });

  it("stays unchanged however often a page is sent again (the template memory counts each page once)", async () => {
    const { service } = await fresh();
    for (const [name, text] of loadSeeds()) {
      const page = { id: `seed-${name}`, text, source: "one-outlet.example" };
      const first = await service.ingest(page);
      const bodyBlocks = first.blocks.filter((b) => b.kind === "body");
      for (let k = 0; k < 4; k++) {
        const again = await service.ingest(page);
        expect(again.outcome, `seed ${name}, send ${k + 2}`).toBe("unchanged");
        expect(again.blocks.filter((b) => b.kind === "body")).toEqual(bodyBlocks);
      }
    }
  });
});
