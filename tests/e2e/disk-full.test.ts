import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";
import { startServer, stopServer } from "../helpers/server.js";

describe("npm start on a data directory that fills up", () => {
  it("answers 503 for writes it cannot log, keeps every acknowledged article, and writes again once there is room", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tikrar-full-"));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const post = (id: string, text: string) => fetch(`${base}/v1/articles`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id, text }), signal: AbortSignal.timeout(10_000) });
    const full = await startServer(dataDir, port, { fileLimitKiB: 48 });
    const acked: string[] = [], refused: string[] = [];
    try {
      for (let n = 0; n < 60 && refused.length < 3; n++) {
        const id = `f${n}`;
        const r = await post(id, story(n % 50, 6) + ` ${id}`);
        const body = await r.json() as { error?: { code: string; message: string } };
        if (r.status === 202) { acked.push(id); continue; }
        expect(r.status).toBe(503);
        expect(r.headers.get("retry-after")).toBe("30");
        expect(body.error?.code).toBe("unavailable");
        expect(body.error?.message).toMatch(/^the data directory cannot be written \(file size limit reached\); nothing of this request was kept/);
        refused.push(id);
      }
      expect(acked.length).toBeGreaterThan(3);
      expect(refused).toHaveLength(3);
      // Still serving: health, reads, and a refused article is not indexed.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/v1/articles/${refused[0]}`)).status).toBe(404);
      expect(full.output().match(/cannot write the log/g)).toHaveLength(1);
    } finally {
      expect(await stopServer(full.child)).toBe(0);
    }
    // Room again (no limit): every acknowledged article is back from the log, none of the refused, and writes are taken.
    const again = await startServer(dataDir, port);
    try {
      const status = (id: string) => fetch(`${base}/v1/articles/${id}`).then((r) => r.status);
      expect(await Promise.all(acked.map(status))).toEqual(acked.map(() => 200));
      expect(await Promise.all(refused.map(status))).toEqual(refused.map(() => 404));
      expect(again.output()).not.toMatch(/did not parse/);
      const r = await fetch(`${base}/v1/articles?wait=true`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: refused[0], text: story(7, 6) + " retried" }) });
      expect(r.status).toBe(200);
      expect(await status(refused[0])).toBe(200);
    } finally {
      expect(await stopServer(again.child)).toBe(0);
    }
  }, 60_000);
});
