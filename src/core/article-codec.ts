import { fingerprintArrays } from "./fingerprints.js";
import type { ArticleMeta, StoredArticle } from "./stored-article.js";
import type { LshParams } from "./lsh-params.js";

/**
 * The byte layout of a stored article (version 4, little-endian), shared by every store that keeps
 * bytes. The Redis Lua scripts read the header, the signature, the fingerprint hashes and the title
 * keys (to derive band keys and anchors again at removal, and to drop the title's entries), and cut
 * out the meta JSON (a title query returns it); keep both in step.
 *
 *   0  u8   layout version (LAYOUT_VERSION)
 *   1  f64  rev
 *   9  u32  slot (written by the store)
 *  13  16B  content hash, ASCII hex
 *  29  u8   LSH bands   30  u8  LSH rows (the shape the band keys were made with)
 *  31  u16  spec length, spec (UTF-8)
 *  ..  u16  numPerm; u8 value width W (2 when every value fits 16 bits, else 4); u32 shingleCount;
 *      numPerm values of W bytes
 *  ..  u32 fingerprint count F; u32×F hashes; u32 byte length V, then V bytes of varints: per
 *      fingerprint, zigzag(start − previous start) and zigzag(end − start) (about 2 bytes, not 8)
 *  ..  u8 title key count T; u32×T title band keys (src/core/title-index.ts)
 *  ..  u32 meta length; meta JSON (UTF-8): [title, source, url, publishedAt, firstSeen], null for
 *      an absent field (an array rather than an object: ~45 bytes less when every field is present)
 */
export const LAYOUT_VERSION = 4;
export const HEADER_BYTES = 31;

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * Byte writes and reads are written out rather than made through DataView closures: encoding and
 * decoding cost ~10 µs per article that way (measured), and every candidate of a query is decoded.
 */
function putU16(b: Uint8Array, o: number, x: number): void { b[o] = x; b[o + 1] = x >>> 8; }
function putU32(b: Uint8Array, o: number, x: number): void { b[o] = x; b[o + 1] = x >>> 8; b[o + 2] = x >>> 16; b[o + 3] = x >>> 24; }
const getU16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const getU32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** Short text that is ASCII in practice (spec keys, hex hashes) without a TextDecoder call. */
function ascii(b: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) {
    if (b[i] >= 0x80) return dec.decode(b.subarray(from, to)); // not ASCII after all: decode as UTF-8
    s += String.fromCharCode(b[i]);
  }
  return s;
}

/** Spec keys are few: their UTF-8 bytes are made once each. */
const SPEC_BYTES = new Map<string, Uint8Array>();
function specBytes(spec: string): Uint8Array {
  let b = SPEC_BYTES.get(spec);
  if (!b) { b = enc.encode(spec); if (SPEC_BYTES.size < 64) SPEC_BYTES.set(spec, b); }
  return b;
}

export function encodeArticle(a: StoredArticle, lsh: Pick<LshParams, "bands" | "rows">): Uint8Array {
  if (lsh.bands > 255 || lsh.rows > 255) throw new RangeError("stored article: bands and rows must fit one byte");
  const spec = specBytes(a.signature.spec);
  const m = a.meta;
  const meta = enc.encode(JSON.stringify([m.title ?? null, m.source ?? null, m.url ?? null, m.publishedAt ?? null, m.firstSeen]));
  const titleKeys = a.titleKeys ?? NO_KEYS;
  if (titleKeys.length > 255) throw new RangeError("stored article: at most 255 title keys");
  const hash = a.contentHash.padStart(16, "0").slice(-16);
  const values = a.signature.values;
  let width = 2;
  for (let i = 0; i < values.length; i++) if (values[i] > 0xffff) { width = 4; break; }
  const hashes = a.fingerprints.hashes, f = hashes.length;
  const spans = encodeSpans(a.fingerprints.starts, a.fingerprints.ends);
  const size = HEADER_BYTES + 2 + spec.length + 2 + 1 + 4 + width * values.length + 4 + 4 * f + 4 + spans.length + 1 + 4 * titleKeys.length + 4 + meta.length;
  const buf = new Uint8Array(size);
  buf[0] = LAYOUT_VERSION;
  new DataView(buf.buffer).setFloat64(1, a.rev, true);
  // bytes 9..12, the slot, stay zero: the store writes them
  for (let i = 0; i < 16; i++) buf[13 + i] = hash.charCodeAt(i);
  buf[29] = lsh.bands; buf[30] = lsh.rows;
  let o = HEADER_BYTES;
  putU16(buf, o, spec.length); buf.set(spec, o + 2); o += 2 + spec.length;
  putU16(buf, o, values.length); buf[o + 2] = width; putU32(buf, o + 3, a.signature.shingleCount); o += 7;
  if (width === 2) for (let i = 0; i < values.length; i++, o += 2) putU16(buf, o, values[i]);
  else for (let i = 0; i < values.length; i++, o += 4) putU32(buf, o, values[i]);
  putU32(buf, o, f); o += 4;
  for (let i = 0; i < f; i++, o += 4) putU32(buf, o, hashes[i]);
  putU32(buf, o, spans.length); buf.set(spans, o + 4); o += 4 + spans.length;
  buf[o++] = titleKeys.length;
  for (let i = 0; i < titleKeys.length; i++, o += 4) putU32(buf, o, titleKeys[i]);
  putU32(buf, o, meta.length); buf.set(meta, o + 4);
  return buf;
}

export function decodeArticle(id: string, buf: Uint8Array): StoredArticle {
  if (buf[0] !== LAYOUT_VERSION) throw new RangeError(`unknown stored article layout ${buf[0]}`);
  let o = HEADER_BYTES;
  const specLength = getU16(buf, o);
  const spec = ascii(buf, o + 2, o + 2 + specLength);
  o += 2 + specLength;
  const numPerm = getU16(buf, o), width = buf[o + 2], shingleCount = getU32(buf, o + 3);
  o += 7;
  const values = new Uint32Array(numPerm);
  if (width === 2) for (let i = 0; i < numPerm; i++, o += 2) values[i] = getU16(buf, o);
  else for (let i = 0; i < numPerm; i++, o += 4) values[i] = getU32(buf, o);
  const f = getU32(buf, o);
  o += 4;
  const fingerprints = fingerprintArrays(f);
  for (let i = 0; i < f; i++, o += 4) fingerprints.hashes[i] = getU32(buf, o);
  const spanBytes = getU32(buf, o);
  o += 4;
  decodeSpans(buf.subarray(o, o + spanBytes), fingerprints.starts, fingerprints.ends);
  o += spanBytes;
  const titleKeys = new Uint32Array(buf[o++]);
  for (let i = 0; i < titleKeys.length; i++, o += 4) titleKeys[i] = getU32(buf, o);
  const metaLength = getU32(buf, o);
  const article: StoredArticle = {
    id, rev: new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getFloat64(1, true), contentHash: ascii(buf, 13, 29),
    signature: { spec, values, shingleCount }, fingerprints, meta: decodeMeta(dec.decode(buf.subarray(o + 4, o + 4 + metaLength))),
  };
  if (titleKeys.length > 0) article.titleKeys = titleKeys;
  return article;
}

const NO_KEYS = new Uint32Array(0);

/** The stored meta array back as ArticleMeta (absent fields left out, as JSON.stringify left them). */
export function decodeMeta(json: string): ArticleMeta {
  const [title, source, url, publishedAt, firstSeen] = JSON.parse(json) as [string | null, string | null, string | null, string | null, number];
  const meta: ArticleMeta = { firstSeen };
  if (title !== null) meta.title = title;
  if (source !== null) meta.source = source;
  if (url !== null) meta.url = url;
  if (publishedAt !== null) meta.publishedAt = publishedAt;
  return meta;
}

const zigzag = (x: number) => (x >= 0 ? 2 * x : -2 * x - 1);
const unzigzag = (z: number) => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** Fingerprint spans as varints: start deltas and lengths are small, so most take one byte each. */
function encodeSpans(starts: Int32Array, ends: Int32Array): Uint8Array {
  const out = new Uint8Array(starts.length * 12);
  let o = 0;
  const varint = (x: number) => {
    let z = zigzag(x);
    while (z >= 0x80) { out[o++] = (z % 0x80) | 0x80; z = Math.floor(z / 0x80); }
    out[o++] = z;
  };
  let prev = 0;
  for (let i = 0; i < starts.length; i++) { varint(starts[i] - prev); varint(ends[i] - starts[i]); prev = starts[i]; }
  return out.subarray(0, o);
}

function decodeSpans(b: Uint8Array, starts: Int32Array, ends: Int32Array): void {
  const n = starts.length;
  let o = 0;
  const varint = () => {
    let z = 0, scale = 1, byte: number;
    do {
      if (o >= b.length) throw new RangeError("stored article: fingerprint spans are truncated");
      byte = b[o++];
      z += (byte & 0x7f) * scale;
      scale *= 0x80;
    } while (byte & 0x80);
    return unzigzag(z);
  };
  let prev = 0;
  for (let i = 0; i < n; i++) { starts[i] = prev + varint(); ends[i] = starts[i] + varint(); prev = starts[i]; }
}
