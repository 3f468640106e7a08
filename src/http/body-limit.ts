import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * The body size limit. A request that declares its length (Content-Length, no Transfer-Encoding:
 * Node's HTTP parser then holds the body to that length) is judged by the header alone; any other
 * goes through hono's bodyLimit, which counts the bytes as they stream. hono's bodyLimit reads
 * `request.body` first, and on @hono/node-server that builds a web ReadableStream over the socket
 * for every request instead of reading the body directly (bench/RESULTS.md: the 202's CPU).
 */
export function limitBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const streaming = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const declared = c.req.header("content-length");
    if (declared === undefined || c.req.header("transfer-encoding") !== undefined) return streaming(c, next);
    if (Number(declared) > maxSize) return onError(c);
    await next();
  };
}
