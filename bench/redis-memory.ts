import { Redis } from "ioredis";
import { startRedis } from "../tests/helpers/redis-server.js";
import { KEY_LAYOUT, RedisIndexStore } from "../src/adapters/redis/redis-index-store.js";
import { ArticleService } from "../src/app/article-service.js";
import { createEngine } from "../src/core/engine.js";
import { loadSaudiNewsNet } from "./eval/corpus-data.js";
/**
 * `npm run bench:redis-memory`: Redis memory per article at a larger index than the real corpus
 * holds. Articles are real SaudiNewsNet texts; past the corpus size, each round re-uses them with
 * every ~third word swapped for another corpus word, so records and buckets fill as with new
 * stories. Ingestion is in process (ArticleService.ingestMany on the Redis store), and memory is
 * reported as the used_memory delta and by key kind (MEMORY USAGE).
 */
const n = Number(process.env.TIKRAR_BENCH_ARTICLES ?? 100_000);
const server = await startRedis();
const r = new Redis(server.url);
try {
  const engine = await createEngine();
  const store = new RedisIndexStore(r, "m", engine.lsh);
  const service = new ArticleService(engine, store, { now: () => Date.now() });
  const docs = loadSaudiNewsNet().filter((d) => d.text.trim().length > 0);
  const before = Number(/used_memory:(\d+)/.exec(await r.info("memory"))![1]);
  const t0 = performance.now();
  const vocab = docs.slice(0, 200).flatMap((d) => d.text.split(/\s+/)).filter((w) => w.length > 2);
  let x = 7;
  const rnd = () => { x = (x * 1103515245 + 12345) & 0x7fffffff; return x; };
  // a new variant of a real article: every ~third word swapped for a corpus word (variants of one original still share some passages, as reworked stories do)
  const variant = (t: string, round: number) => round === 0 ? t : t.split(" ").map((w) => (rnd() % 3 === 0 ? vocab[rnd() % vocab.length] : w)).join(" ");
  for (let i = 0; i < n; i += 500) {
    const base = i % docs.length, round = Math.floor(i / docs.length);
    await service.ingestMany(docs.slice(base, base + 500).map((d, k) => ({ id: `a${i + k}`, text: variant(d.text, round), source: d.source })));
  }
  console.log(`ingested ${n} in process in ${((performance.now() - t0) / 1000).toFixed(0)} s (variants share words with their originals, so this rate is not a throughput figure)`);
  const after = Number(/used_memory:(\d+)/.exec(await r.info("memory"))![1]);
  const count = Number(await r.get(`m:${KEY_LAYOUT}:count`));
  console.log(`| articles indexed | ${count} |`);
  console.log(`| Redis used_memory delta per article | ${Math.round((after - before) / count)} bytes |`);
  const sums = new Map<string, [number, number, number]>();
  let cursor = "0";
  do {
    const [c, keys] = await r.scan(cursor, "COUNT", 1000);
    cursor = c;
    for (const k of keys) {
      const kind = k.split(":")[2];
      const mem = Number(await r.memory("USAGE", k, "SAMPLES", "0"));
      const len = (await r.type(k)) === "string" ? await r.strlen(k) : 0;
      const s = sums.get(kind) ?? [0, 0, 0];
      s[0]++; s[1] += mem; s[2] += len;
      sums.set(kind, s);
    }
  } while (cursor !== "0");
  for (const [k, [keys, mem, len]] of [...sums].sort((a, b) => b[1][1] - a[1][1])) console.log(`| key kind ${k}: ${keys} keys | ${Math.round(mem / count)} bytes per article (${Math.round(len / count)} of them payload) |`);
} finally { r.disconnect(); await server.stop(); }
