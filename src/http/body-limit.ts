import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { sendError } from "./errors.js";

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

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });
const JSON_TYPE = /^application\/([a-z-.]+\+)?json\b/i;

/**
 * A JSON body must be UTF-8 (RFC 8259). Bytes that are not are refused with 400, not decoded to
 * U+FFFD: a page sent in another encoding (windows-1256, say) would otherwise be analyzed and
 * indexed as replacement characters. The body is decoded here, once, for the route's validator:
 * hono's request keeps each body reading as a promise in `bodyCache` and parses JSON from the
 * cached text (hono 4.13; typed there as values, so the cast). Should that change, the validator's
 * own reading fails on the consumed body and every bad-input test with it. Other content types go
 * on to the route, which answers 415.
 */
export function requireUtf8(): MiddlewareHandler {
  return async (c, next) => {
    if (!JSON_TYPE.test(c.req.header("content-type") ?? "")) return next();
    const bytes = await c.req.arrayBuffer(); // a body over the limit throws here, for limitBody to answer
    let text: string;
    try {
      text = STRICT_UTF8.decode(bytes);
    } catch {
      return sendError(c, 400, "malformed_json", "the request body is not valid UTF-8");
    }
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    await next();
  };
}
