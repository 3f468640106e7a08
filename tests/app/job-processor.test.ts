import { describe, expect, it } from "vitest";
import { MemoryIndexStore } from "../../src/adapters/memory/memory-index-store.js";
import { ArticleService } from "../../src/app/article-service.js";
import { makeJobProcessor, PermanentJobError } from "../../src/app/jobs.js";
import { createEngine } from "../../src/core/engine.js";
import { specKey } from "../../src/core/signature-spec.js";

async function processor() {
  const engine = await createEngine();
  const store = new MemoryIndexStore(specKey(engine.options.spec), engine.options.spec.numPerm, engine.lsh);
  let t = 0;
  return makeJobProcessor(new ArticleService(engine, store, { now: () => ++t }));
}

async function failure(run: Promise<unknown>): Promise<PermanentJobError> {
  const e = await run.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(PermanentJobError);
  return e as PermanentJobError;
}

describe("a job's failure reason", () => {
  it("names the first 20 invalid articles of a job with none valid, and counts the rest", async () => {
    const run = await processor();
    const articles = Array.from({ length: 10_000 }, (_, i) => ({ id: `bad:${i}`, text: "خبر" }));
    const e = await failure(run({ articles }));
    expect(e.message.startsWith("invalid job payload: articles.0.id: ids are printable text without ':'")).toBe(true);
    expect(e.message).toContain("articles.19.id:");
    expect(e.message).not.toContain("articles.20.id:");
    expect(e.message.endsWith("; and 9980 more invalid articles")).toBe(true);
    expect(e.message.length).toBeLessThan(3_000); // each named: ~900 KB, kept with the failed job
  });

  it("names every invalid article of a small job, with nothing counted apart", async () => {
    const run = await processor();
    const e = await failure(run({ articles: [{ id: "a", text: " " }, { id: "b:c", text: "خبر" }] }));
    expect(e.message).toBe("invalid job payload: articles.0.text: text is empty; articles.1.id: ids are printable text without ':' or control characters");
  });

  it("lists a bad envelope's first 100 issues", async () => {
    const run = await processor();
    const e = await failure(run({ articles: [], extra: 1 }));
    expect(e.message).toMatch(/^invalid job payload: articles: /);
    const many = await failure(run({ articles: Array.from({ length: 10_001 }, () => ({})) }));
    expect(many.message).toMatch(/^invalid job payload: articles: /);
    expect(many.message.length).toBeLessThan(300);
  });

  it("lists each rejected article of a job that has valid ones, beside the ingested", async () => {
    const run = await processor();
    const articles = [{ id: "ok", text: "خبر عاجل عن الطقس" }, ...Array.from({ length: 300 }, (_, i) => ({ id: `bad:${i}`, text: "خبر" }))];
    const r = (await run({ articles })) as { count: number; rejected: { index: number; issues: string }[] };
    expect(r.count).toBe(1);
    expect(r.rejected).toHaveLength(300);
    expect(r.rejected[299]).toEqual({ index: 300, issues: "articles.300.id: ids are printable text without ':' or control characters" });
  });
});
