import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root } from "../helpers/file-limit.js";
import { startRedis, type RedisServer } from "../helpers/redis-server.js";

const run = promisify(execFile);

/** The probe's last line, parsed; it runs in its own process, where V8's natives syntax is allowed. */
async function probe(env: Record<string, string>): Promise<Record<string, boolean>> {
  const r = await run(process.execPath, ["--allow-natives-syntax", "--import", "tsx", "tests/helpers/string-prototype-probe.ts"], { cwd: root, env: { ...process.env, ...env }, timeout: 30_000 }).catch((e: { stdout: string }) => e);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

// Loading ioredis leaves String.prototype with slow properties in V8, and every charCodeAt in the
// process (the normalizer's) several times slower (bench/RESULTS.md). The processes that load it
// turn it back; the embedded default does not load it.
describe("String.prototype stays fast in the service's processes", () => {
  let redis: RedisServer;
  beforeAll(async () => { redis = await startRedis(); });
  afterAll(async () => { await redis?.stop(); });

  it("Redis mode: loading ioredis makes it slow, connecting makes it fast again", async () => {
    expect(await probe({ PROBE: "redis", REDIS_URL: redis.url })).toEqual({ afterImport: false, afterConnect: true });
  });

  it("the embedded default never makes it slow", async () => {
    expect(await probe({ PROBE: "server", PORT: "not-a-port" })).toEqual({ serverModules: true });
  });
});
