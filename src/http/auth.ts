import type { MiddlewareHandler } from "hono";
import { sendError } from "./errors.js";

/** Constant-time string comparison, so a key cannot be guessed byte by byte from timing. */
function safeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/**
 * Bearer API keys from a configured list (several at once, so keys rotate without downtime).
 * An empty list accepts every request: config refuses that unless the server is on loopback.
 * The scheme is matched without regard to case, as HTTP's schemes are ("bearer" is "Bearer").
 */
export function requireKey(keys: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (keys.length === 0) return next();
    const header = c.req.header("authorization") ?? "";
    const m = /^bearer +([\x21-\x7e]+)$/i.exec(header);
    if (!m || !keys.some((k) => safeEqual(k, m[1]))) {
      c.header("WWW-Authenticate", 'Bearer realm="tikrar"');
      return sendError(c, 401, "unauthorized", !header ? "a bearer API key is required" : m ? "the API key is not valid" : "send the API key as Authorization: Bearer <key>");
    }
    return next();
  };
}
