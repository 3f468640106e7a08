import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { RedisIndexStore } from "../../src/adapters/redis/redis-index-store.js";
import { testEngine } from "../helpers/engine.js";
import { randomPrefix, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { indexStoreContract } from "./index-store.contract.js";

let server: RedisServer;
beforeAll(async () => { server = await startRedis(); });
afterAll(async () => { await server?.stop(); });

indexStoreContract("redis", async () => {
  const e = await testEngine();
  return new RedisIndexStore(new Redis(server.url, { maxRetriesPerRequest: null }), randomPrefix(), e.lsh, true);
});
