import type { Redis } from "ioredis";

const listeners = new WeakMap<Redis, (e: Error) => void>();

/**
 * Reports a Redis outage in one line when it starts and one when it ends. ioredis and every BullMQ
 * object on the client report each reconnection attempt (a stack trace every few hundred ms while
 * Redis is down, measured); an error while the client is connected is printed as it comes.
 * Returns the listener to give the BullMQ objects sharing the client ('error' events); a client
 * gets one, however often this is called.
 */
export function reportRedisErrors(redis: Redis, who = "tikrar"): (e: Error) => void {
  const known = listeners.get(redis);
  if (known) return known;
  let down = false;
  const onError = (e: Error) => {
    if (redis.status === "ready") { console.error(`${who}: Redis error: ${e.message}`); return; }
    if (down) return;
    down = true;
    console.error(`${who}: Redis unreachable (${(e as NodeJS.ErrnoException).code ?? e.message}); reconnecting until it is back`);
  };
  listeners.set(redis, onError);
  redis.on("error", onError);
  redis.on("ready", () => { if (down) { down = false; console.log(`${who}: Redis reachable again`); } });
  return onError;
}
