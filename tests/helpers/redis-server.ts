import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

export interface RedisServer { url: string; port: number; stop(): Promise<void> }

/** A loopback port free at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real redis-server on a free loopback port (or on `port`, to bring one back where it was);
 * stop() ends exactly that process, by its pid.
 */
export async function startRedis(extra: string[] = [], at?: number): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "tikrar-redis-"));
  const pidfile = join(dir, "redis.pid");
  const port = at ?? await freePort();
  execFileSync("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--daemonize", "yes", "--save", "", "--appendonly", "no", "--pidfile", pidfile, "--dir", dir, "--maxmemory-policy", "noeviction", ...extra]);
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  // Refused connections while the server comes up are expected; without a listener ioredis prints each one as unhandled.
  probe.on("error", () => undefined);
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    try { await probe.connect().catch(() => undefined); up = (await probe.ping()) === "PONG"; } catch { /* not up yet */ }
    if (!up) await new Promise((r) => setTimeout(r, 50));
  }
  probe.disconnect();
  if (!up) throw new Error(`redis-server did not answer on 127.0.0.1:${port} within 5 s`);
  return {
    url, port,
    stop: async () => {
      if (!existsSync(pidfile)) return;
      const pid = Number(readFileSync(pidfile, "utf8").trim());
      try { process.kill(pid, "SIGTERM"); } catch { return; }
      for (let i = 0; i < 100; i++) {
        try { process.kill(pid, 0); } catch { return; }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

export const randomPrefix = () => `t${Math.random().toString(36).slice(2, 10)}`;
