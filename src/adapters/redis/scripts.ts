import { readFileSync } from "node:fs";
import type { Redis } from "ioredis";

const read = (name: string) => readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), "utf8");

/** The Lua scripts, each prefixed with common.lua, registered on the client as commands. */
export interface TikrarCommands {
  tikrarUpsert(ns: string, id: string, record: Buffer, links: string, bands: Buffer, anchors: Buffer, maxAnchorPostings: number, bucketNames: string, since: string, need: number, minOverlap: number, limit: number, receivedAt: string, titleKeys: Buffer, maxLinks: number, maxBandPostings: number, maxTitlePostings: number, anchorWeight: number, growth: number): Promise<string[]>;
  tikrarRemove(ns: string, id: string, at: string, deletionTtlSeconds: number, revision?: string, receivedAt?: string): Promise<number>;
  tikrarLink(ns: string, id: string, links: string, maxLinks: number): Promise<number>;
  /** ioredis's Buffer variant of the titles script: the reply's meta stays bytes. */
  tikrarTitlesBuffer(ns: string, keys: Buffer, perHeadline: number, bucketNames: string, exclude: string, limit: number, sketches: Buffer, examine: number, minAgreeing: number, growth: number, keyCap: number): Promise<Buffer[]>;
  /** Writes a result with its expiry and files it in the ledger of the queue's byte budget; returns the bytes kept, or -2 when `onlyIfAbsent` ("1") found one kept (see keep-result.lua). */
  tikrarKeepResult(key: string, ledger: string, counter: string, budgetBytes: number, result: string, ttlSeconds: number, onlyIfAbsent: "1" | ""): Promise<number>;
  /** ioredis's Buffer variant of the candidates script: the reply's records stay bytes. */
  tikrarCandidatesBuffer(ns: string, bands: Buffer, anchors: Buffer, exclude: string, limit: number, need: number, minOverlap: number, bucketNames: string, anchorWeight: number, growth: number): Promise<Buffer[]>;
}

export function registerScripts(redis: Redis): Redis & TikrarCommands {
  const common = read("common");
  for (const [name, file] of [["tikrarUpsert", "upsert"], ["tikrarRemove", "remove"], ["tikrarLink", "link"], ["tikrarCandidates", "candidates"], ["tikrarTitles", "titles"], ["tikrarKeepResult", "keep-result"]] as const) {
    if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 0, lua: `${common}\n${read(file)}` });
  }
  return redis as Redis & TikrarCommands;
}
