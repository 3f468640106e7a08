import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../helpers/redis-server.js";
import { story } from "../helpers/seeds.js";
import { startServer, stopServer } from "../helpers/server.js";

describe("npm start, stopped with SIGTERM under load", () => {
  it("answers every request its clients had sent (with Connection: close), exits 0, and keeps every acknowledged job", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tikrar-stop-"));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { child: server } = await startServer(dataDir, port);
    const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
    const acked: string[] = [], failures: string[] = [];
    let n = 0, closing = 0, refused = 0, stoppedAt = Infinity;
    // Each client posts until a response tells it the connection closes; a request it sent is never left
    // unanswered. The clients share fetch's connection pool, so a request may also go out on a new
    // connection after the listener closed: refused, it carried nothing to answer.
    const client = async () => {
      for (;;) {
        const id = `s${n++}`;
        try {
          const r = await fetch(`${base}/v1/articles`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id, text: story(n % 50, 6) + ` ${id}` }), signal: AbortSignal.timeout(15_000) });
          await r.text();
          if (r.status === 202) acked.push(id); else failures.push(`${id}: ${r.status}`);
          if (r.headers.get("connection") === "close") { closing++; return; }
        } catch (e) {
          const code = (e as { cause?: { code?: string } }).cause?.code;
          if (code === "ECONNREFUSED" && Date.now() >= stoppedAt) { refused++; return; }
          failures.push(`${id}: ${String(code ?? e)}`);
          return;
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((r) => setTimeout(r, 1_000));
    stoppedAt = Date.now();
    server.kill("SIGTERM");
    await Promise.all(clients);
    expect(await exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(failures).toEqual([]);
    expect(closing + refused).toBe(8);
    expect(closing).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThan(8);
    const again = await startServer(dataDir, port);
    try {
      const statuses = await Promise.all(acked.map((id) => fetch(`${base}/v1/articles/${id}`).then((r) => r.status)));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    } finally {
      await stopServer(again.child);
    }
  }, 60_000);
});
