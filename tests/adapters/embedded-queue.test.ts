import { describe, expect, it } from "vitest";
import { EmbeddedQueue } from "../../src/adapters/embedded/embedded-queue.js";
import { PermanentJobError } from "../../src/app/jobs.js";
import { embeddedApp, jsonPost } from "../helpers/app.js";
import { story } from "../helpers/seeds.js";

const retry = { attempts: 1, backoffMs: 1 };
const payload = (id: string) => ({ articles: [{ id, text: `نص ${id}` }] });
/** A result of about `kb` KB of JSON, echoing the job's first article id. */
const bigResult = (kb: number) => async (p: unknown) => {
  const id = (p as { articles: { id: string }[] }).articles[0].id;
  return { id, passages: Array.from({ length: kb * 32 }, (_, i) => ({ a: [i, i + 9], b: [i + 1, i + 10] })) };
};

describe("embedded queue: finished jobs kept", () => {
  it("forgets the oldest finished jobs once their results pass the byte bound, and answers the rest whole", async () => {
    const queue = new EmbeddedQueue(bigResult(40), undefined, retry, undefined, { jobs: 1_000, resultBytes: 400 * 1024 });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await queue.enqueue(payload(`a${i}`))).jobId);
    const last = await queue.waitFor(ids[29], 5_000);
    expect(last?.state).toBe("completed");
    const kept = [];
    for (const id of ids) kept.push(await queue.getJob(id));
    const known = kept.filter((j) => j !== undefined);
    // 30 results of ~40 KB against a 400 KB bound: the newest ~10 stay, the oldest are gone.
    expect(known.length).toBeGreaterThanOrEqual(8);
    expect(known.length).toBeLessThanOrEqual(11);
    expect(kept.slice(0, 30 - known.length).every((j) => j === undefined)).toBe(true);
    const bytes = known.reduce((n, j) => n + Buffer.byteLength(JSON.stringify(j!.result)), 0);
    expect(bytes).toBeLessThanOrEqual(400 * 1024);
    // What is kept comes back as it was returned.
    expect(await queue.getJob(ids[29])).toEqual({ id: ids[29], state: "completed", attempts: 1, result: await bigResult(40)(payload("a29")) });
    expect(last).toEqual(await queue.getJob(ids[29]));
    await queue.close();
  });

  it("forgets the oldest past the count bound, never a job still waiting, and keeps failures with their reason", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const queue = new EmbeddedQueue(async (p) => {
      const id = (p as { articles: { id: string }[] }).articles[0].id;
      if (id === "slow") await gate;
      if (id.startsWith("bad")) throw new PermanentJobError(`invalid job payload: ${id}`);
      return { id };
    }, undefined, retry, undefined, { jobs: 3, resultBytes: 1 << 20 });
    const slow = (await queue.enqueue(payload("slow"))).jobId;
    const later: string[] = [];
    for (const id of ["b0", "bad1", "b2", "b3"]) later.push((await queue.enqueue(payload(id))).jobId);
    // The first job has not finished: nothing behind it is forgotten, whatever the bound.
    expect((await queue.getJob(slow))?.state).toMatch(/waiting|active/);
    expect(await queue.depth()).toBe(5);
    release();
    await queue.waitFor(later[3], 5_000);
    expect(await queue.getJob(slow)).toBeUndefined();
    expect(await queue.getJob(later[0])).toBeUndefined();
    expect(await queue.getJob(later[1])).toEqual({ id: later[1], state: "failed", attempts: 1, failedReason: "invalid job payload: bad1" });
    expect((await queue.getJob(later[3]))?.result).toEqual({ id: "b3" });
    await queue.close();
  });

  it("a failed job queued again is a job of its own: forgetting the first run does not forget the second", async () => {
    let fail = true;
    const queue = new EmbeddedQueue(async () => { if (fail) throw new Error("index unavailable"); return { ok: true }; }, undefined, retry, undefined, { jobs: 3, resultBytes: 1 << 20 });
    const { jobId } = await queue.enqueue(payload("x"));
    expect((await queue.waitFor(jobId, 5_000))?.state).toBe("failed");
    fail = false;
    expect((await queue.enqueue(payload("x"))).jobId).toBe(jobId);
    expect((await queue.waitFor(jobId, 5_000))?.result).toEqual({ ok: true });
    // Two more jobs push the first run of x past the bound of 3: the second run is still answered.
    await queue.enqueue(payload("y"));
    const z = (await queue.enqueue(payload("z"))).jobId;
    await queue.waitFor(z, 5_000);
    expect(await queue.getJob(jobId)).toEqual({ id: jobId, state: "completed", attempts: 1, result: { ok: true } });
    // One more, and the second run is the oldest kept: it goes.
    const w = (await queue.enqueue(payload("w"))).jobId;
    await queue.waitFor(w, 5_000);
    expect(await queue.getJob(jobId)).toBeUndefined();
    expect((await queue.getJob(z))?.result).toEqual({ ok: true });
    await queue.close();
  });

  it("takes its byte bound from the configuration (TIKRAR_JOB_RESULTS_MB)", async () => {
    const { app, queue } = await embeddedApp({ jobResultBytes: 1_500 });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await (await app.request("/v1/articles", jsonPost({ id: `b${i}`, text: story(700 + i, 8) }))).json()).jobId);
    expect((await queue.waitFor(ids[11], 10_000))?.state).toBe("completed");
    const kept = await Promise.all(ids.map((id) => queue.getJob(id)));
    const known = kept.filter((j) => j !== undefined);
    expect(known.length).toBeGreaterThan(0);
    expect(known.length).toBeLessThan(12);
    expect(known.reduce((n, j) => n + Buffer.byteLength(JSON.stringify(j!.result)), 0)).toBeLessThanOrEqual(1_500); // ~260 B a result: about 5 kept
    expect((await app.request(`/v1/jobs/${ids[0]}`)).status).toBe(404);
    expect((await app.request(`/v1/jobs/${ids[11]}`)).status).toBe(200);
    await queue.close();
  });
});
