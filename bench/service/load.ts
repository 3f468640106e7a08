import { percentile } from "../speed/timing.js";
import { HttpConnection } from "./http-client.js";

function target(url: string): { port: number; path: string } {
  const u = new URL(url);
  if (u.hostname !== "127.0.0.1") throw new Error("load goes to 127.0.0.1 only");
  return { port: Number(u.port), path: u.pathname + u.search };
}

/** One request on a client's connection, reopening it once if the server closed it. */
async function send(conn: { c?: HttpConnection }, port: number, path: string, body: string): Promise<number> {
  try {
    conn.c ??= await HttpConnection.open(port);
    return await conn.c.post(path, body);
  } catch {
    conn.c?.close();
    conn.c = undefined;
    return 0;
  }
}

/**
 * A bounded closed-loop load on loopback: `clients` concurrent keep-alive connections, `total` requests in all,
 * stopping early at `maxSeconds`. Returns latency percentiles in ms and the status counts.
 */
export async function load(o: { url: string; clients: number; total: number; maxSeconds: number; body: (i: number) => string }) {
  const { port, path } = target(o.url);
  const lat: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const deadline = Date.now() + o.maxSeconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.clients }, async () => {
    const conn: { c?: HttpConnection } = {};
    while (next < o.total && Date.now() < deadline) {
      const i = next++;
      const body = o.body(i);
      const s = performance.now();
      const status = await send(conn, port, path, body);
      lat.push(performance.now() - s);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    conn.c?.close();
  }));
  const seconds = (performance.now() - t0) / 1000;
  const sorted = Float64Array.from(lat).sort();
  return { n: lat.length, rps: lat.length / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1], statuses: Object.fromEntries(statuses) };
}

/**
 * An open-loop load on loopback: `clients` connections, each sending on its own fixed schedule so
 * that `rate` requests/s arrive in all for `seconds`, whatever the server's latency. A request's
 * latency counts from its scheduled time (a late server delays the client's next send, and that
 * delay is counted), so queueing is not hidden.
 */
export async function openLoop(o: { url: string; clients: number; rate: number; seconds: number; body: (i: number) => string }) {
  const { port, path } = target(o.url);
  const lat: number[] = [];
  const statuses = new Map<number, number>();
  const period = (1000 * o.clients) / o.rate; // ms between two sends of one client
  const perClient = Math.floor((o.seconds * 1000) / period);
  const t0 = performance.now() + 50;
  await Promise.all(Array.from({ length: o.clients }, async (_, c) => {
    const conn: { c?: HttpConnection } = {};
    for (let k = 0; k < perClient; k++) {
      const due = t0 + (c / o.clients) * period + k * period;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // A timer may fire up to ~1 ms before `due` (its clock is the event loop's, in whole ms): a
      // request sent early counts from when it was sent, or a fast reply would count below zero.
      const from = Math.min(due, performance.now());
      const status = await send(conn, port, path, o.body(k * o.clients + c));
      lat.push(performance.now() - from);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    conn.c?.close();
  }));
  const sorted = Float64Array.from(lat).sort();
  return { n: lat.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1], statuses: Object.fromEntries(statuses) };
}
