import type { Redis } from "ioredis";
import { DEFAULT_TEMPLATE_OPTIONS, type TemplateLines, type TemplateMemory } from "../../core/template-memory.js";

/** Most line keys sent in one SADD. */
const CHUNK = 1000;

const PUSH = `
-- ARGV[1] ns   ARGV[2] source   ARGV[3] most lines a source's set holds   ARGV[4..] line keys.
-- Adds them to the source's set while it has room; when any is new, bumps the source's version so
-- that other processes fetch the set again.
local key = ARGV[1] .. 'T:' .. ARGV[2]
local room = tonumber(ARGV[3]) - redis.call('SCARD', key)
if room <= 0 then return 0 end
local added = redis.call('SADD', key, unpack(ARGV, 4, 3 + math.min(room, #ARGV - 3)))
if added > 0 then redis.call('HINCRBY', ARGV[1] .. 'Tv', ARGV[2], 1) end
return added`;

interface PushCommand {
  tikrarTemplatesPush(ns: string, source: string, cap: number, ...keys: number[]): Promise<number>;
}

/**
 * Shares the template memory between the processes of Redis mode (the API and every worker), so
 * that a page is cut into the same blocks whichever process sees it, and a restart keeps what was
 * learned. Each process counts the pages it sees; a line that becomes a template in one of them
 * (its "promotion") is added to a set per source in Redis, and every process adopts those sets.
 * Memory: the template lines of each source (tens to hundreds a site), not its pages.
 *
 * Keys, under the store's namespace ns: ns.."T:"..source SET of line keys; ns.."Tv" HASH source ->
 * version, bumped when a source's set grows.
 */
export class TemplateSync {
  private readonly redis: Redis & PushCommand;
  private readonly versions = new Map<string, string>();
  /** Promotions taken from the memory and not yet acknowledged by Redis (kept across a failed sync). */
  private pending: TemplateLines[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(redis: Redis, private readonly ns: string, private readonly templates: TemplateMemory, private readonly maxPerSource = DEFAULT_TEMPLATE_OPTIONS.maxAdoptedPerSource) {
    if (!("tikrarTemplatesPush" in redis)) redis.defineCommand("tikrarTemplatesPush", { numberOfKeys: 0, lua: PUSH });
    this.redis = redis as Redis & PushCommand;
    templates.recordPromotions();
  }

  /** Adopts what is shared now, then syncs every `intervalMs` until `stop`. */
  async start(intervalMs: number): Promise<void> {
    await this.sync();
    // While Redis is unreachable the outage is reported once (connection-report.ts); promotions wait in `pending`.
    const failed = (e: unknown) => { if (this.redis.status === "ready") console.warn(`tikrar: template sync failed: ${(e as Error).message}`); };
    this.timer = setInterval(() => { this.running = this.running.then(() => this.sync()).catch(failed); }, intervalMs);
    this.timer.unref?.();
  }

  /** Sends this process's promotions, then adopts every source whose set changed. */
  async sync(): Promise<void> {
    this.pending.push(...this.templates.takePromoted());
    while (this.pending.length > 0) {
      const { source, keys } = this.pending[0];
      for (let i = 0; i < keys.length; i += CHUNK) await this.redis.tikrarTemplatesPush(this.ns, source, this.maxPerSource, ...keys.slice(i, i + CHUNK));
      this.pending.shift();
    }
    const versions = await this.redis.hgetall(this.ns + "Tv");
    for (const [source, version] of Object.entries(versions)) {
      if (this.versions.get(source) === version) continue;
      const members = await this.redis.smembers(this.ns + "T:" + source);
      this.templates.adopt(source, members.map(Number));
      this.versions.set(source, version);
    }
  }

  /** Stops the timer and sends what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.sync().catch(() => undefined);
  }
}
