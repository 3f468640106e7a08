import { hashString } from "./hash.js";
import type { ArticleMeta, StoredArticle } from "./stored-article.js";
import type { LshParams } from "./lsh-params.js";
import { decodeSpans, encodeSpans, getPacked, getVarint, packedLength, putPacked, putVarint, varintBytes } from "./record-bytes.js";

/**
 * The byte layout of a stored article (version 10, little-endian), shared by every store that keeps
 * bytes. The Redis Lua scripts read the header, the signature, the fingerprint hashes and the title
 * sketch (to derive band keys, anchors and title keys again at removal), read the title sketch alone
 * (a title query ranks candidates by it, so it sits at a fixed offset) and cut out the meta (a title
 * query returns it); keep both in step.
 *
 *   0  u8   layout version (LAYOUT_VERSION)
 *   1  f64  rev
 *   9  u32  slot (written by the store)
 *  13  8B   content hash: the 16 hex digits as 8 bytes, first digits first
 *  21  u8   LSH bands   22  u8  LSH rows (the shape the band keys were made with)
 *  23  u32  spec id: the spec key's 32-bit hash (specId); the key itself is not stored
 *  27  f64  firstSeen
 *  35  u8   title sketch length S (0 or TITLE_SKETCH_BYTES), then the S bytes (src/core/title-index.ts)
 *  ..  u16  numPerm; u8 value width W (1 when every value fits 8 bits, 2 when it fits 16, else 4);
 *      u32 shingleCount; numPerm values of W bytes
 *  ..  u32 fingerprint count F; u8 hash width H (3 when every hash fits 24 bits, as FINGERPRINT_BITS
 *      makes them, else 4); F hashes of H bytes; u32 byte length V, then the V bytes of the spans,
 *      bit-packed: 11 bits a fingerprint on real articles (record-bytes.ts), not 8 bytes
 *  ..  meta, to the end: title, source, url, publishedAt, each a varint (byte length + 1; 0 for an
 *      absent field) and its text packed one byte a character for ASCII and Arabic (record-bytes.ts, putPacked)
 *
 * Layout 4 stored the spec key as text (~40 bytes), the hash as 16 ASCII digits and the meta as a
 * JSON array in UTF-8; layout 5 the title's 8 band keys (32 bytes, as the sketch of layout 9 took);
 * layout 6 each span as two varints (about 2 bytes a fingerprint); layout 7 an escaped span's two
 * numbers inside the bit stream, where 8 pads to the next byte and writes them as byte-aligned
 * varints; layout 8 had no value width 1 and no hash width (4 bytes a hash); layout 9 is these
 * bytes with a title sketch of 32 bytes, filed under 8 bands of 4 (its title keys cannot be derived
 * again under the 10 bands of 3 of layout 10).
 * Any change to these bytes bumps LAYOUT_VERSION and the Redis KEY_LAYOUT with it: a reader of one
 * layout misreads the other's records (tests/unit/record-layout.test.ts holds a record's exact bytes).
 */
export const LAYOUT_VERSION = 10;
export const HEADER_BYTES = 35;

/**
 * The id a record stores for a spec key. Decoding gives the key back when this isolate knows it
 * (every engine made here registers its spec, every spec encoded here is known); a record of a spec
 * it does not know decodes with the spec `unknown-spec#<id>`, which no real spec key equals, so
 * comparing it with a signature is the usual spec-mismatch error rather than a silently low score.
 */
export function specId(key: string): number {
  return hashString(key) >>> 0;
}

const SPECS = new Map<number, string>();
/** Makes a spec key decodable; throws if its id is already another key's (a 32-bit collision). */
export function registerSpec(key: string): number {
  const id = specId(key);
  const known = SPECS.get(id);
  if (known === undefined) { if (SPECS.size < 256) SPECS.set(id, key); }
  else if (known !== key) throw new RangeError(`signature specs "${known}" and "${key}" share a stored id: change one`);
  return id;
}
const specOf = (id: number) => SPECS.get(id) ?? `unknown-spec#${id.toString(16).padStart(8, "0")}`;

/**
 * Byte writes and reads are written out rather than made through DataView closures: encoding and
 * decoding cost ~10 µs per article that way (measured), and every candidate of a query is decoded.
 */
function putU16(b: Uint8Array, o: number, x: number): void { b[o] = x; b[o + 1] = x >>> 8; }
function putU32(b: Uint8Array, o: number, x: number): void { b[o] = x; b[o + 1] = x >>> 8; b[o + 2] = x >>> 16; b[o + 3] = x >>> 24; }
function putU24(b: Uint8Array, o: number, x: number): void { b[o] = x; b[o + 1] = x >>> 8; b[o + 2] = x >>> 16; }
const getU16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const getU24 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
const getU32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

const HEX = "0123456789abcdef";
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) { NIBBLE[HEX.charCodeAt(i)] = i; NIBBLE[HEX.toUpperCase().charCodeAt(i)] = i; }

/** A content hash (16 hex digits, xxh64) into its 8 bytes at b[o..]. */
function putHash(b: Uint8Array, o: number, hash: string): void {
  if (hash.length !== 16) throw new RangeError("stored article: the content hash must be 16 hex digits");
  for (let i = 0; i < 8; i++) {
    const hi = NIBBLE[hash.charCodeAt(2 * i)] ?? -1, lo = NIBBLE[hash.charCodeAt(2 * i + 1)] ?? -1;
    if (hi < 0 || lo < 0) throw new RangeError("stored article: the content hash must be 16 hex digits");
    b[o + i] = (hi << 4) | lo;
  }
}

function getHash(b: Uint8Array, o: number): string {
  let s = "";
  for (let i = 0; i < 8; i++) s += HEX[b[o + i] >> 4] + HEX[b[o + i] & 15];
  return s;
}

const META_FIELDS = ["title", "source", "url", "publishedAt"] as const;

export function encodeArticle(a: StoredArticle, lsh: Pick<LshParams, "bands" | "rows">): Uint8Array {
  if (lsh.bands > 255 || lsh.rows > 255) throw new RangeError("stored article: bands and rows must fit one byte");
  const spec = registerSpec(a.signature.spec);
  const fields = META_FIELDS.map((k) => a.meta[k]);
  const lengths = fields.map((f) => (f === undefined ? -1 : packedLength(f)));
  let metaBytes = 0;
  for (const n of lengths) metaBytes += n < 0 ? 1 : varintBytes(n + 1) + n;
  const sketch = a.titleSketch ?? NO_SKETCH;
  if (sketch.length > 255) throw new RangeError("stored article: a title sketch fits 255 bytes");
  const values = a.signature.values;
  let max = 0;
  for (let i = 0; i < values.length; i++) max |= values[i];
  const width = max >>> 0 <= 0xff ? 1 : max >>> 0 <= 0xffff ? 2 : 4;
  const hashes = a.fingerprints.hashes, f = hashes.length;
  let all = 0;
  for (let i = 0; i < f; i++) all |= hashes[i];
  const hashWidth = all >>> 0 <= 0xffffff ? 3 : 4;
  const spans = encodeSpans(a.fingerprints.starts, a.fingerprints.ends);
  const size = HEADER_BYTES + 1 + sketch.length + 2 + 1 + 4 + width * values.length + 4 + 1 + hashWidth * f + 4 + spans.length + metaBytes;
  const buf = new Uint8Array(size);
  const view = new DataView(buf.buffer);
  buf[0] = LAYOUT_VERSION;
  view.setFloat64(1, a.rev, true);
  // bytes 9..12, the slot, stay zero: the store writes them
  putHash(buf, 13, a.contentHash);
  buf[21] = lsh.bands; buf[22] = lsh.rows;
  putU32(buf, 23, spec);
  view.setFloat64(27, a.meta.firstSeen, true);
  let o = HEADER_BYTES;
  buf[o] = sketch.length; buf.set(sketch, o + 1); o += 1 + sketch.length;
  putU16(buf, o, values.length); buf[o + 2] = width; putU32(buf, o + 3, a.signature.shingleCount); o += 7;
  if (width === 1) { buf.set(values, o); o += values.length; }
  else if (width === 2) for (let i = 0; i < values.length; i++, o += 2) putU16(buf, o, values[i]);
  else for (let i = 0; i < values.length; i++, o += 4) putU32(buf, o, values[i]);
  putU32(buf, o, f); buf[o + 4] = hashWidth; o += 5;
  if (hashWidth === 3) for (let i = 0; i < f; i++, o += 3) putU24(buf, o, hashes[i]);
  else for (let i = 0; i < f; i++, o += 4) putU32(buf, o, hashes[i]);
  putU32(buf, o, spans.length); buf.set(spans, o + 4); o += 4 + spans.length;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field === undefined) { buf[o++] = 0; continue; }
    o = putVarint(buf, o, lengths[i] + 1);
    o = putPacked(buf, o, field);
  }
  return buf;
}

export function decodeArticle(id: string, buf: Uint8Array): StoredArticle {
  if (buf[0] !== LAYOUT_VERSION) throw new RangeError(`unknown stored article layout ${buf[0]}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let o = HEADER_BYTES;
  const sketch = buf.slice(o + 1, o + 1 + buf[o]);
  o += 1 + sketch.length;
  const numPerm = getU16(buf, o), width = buf[o + 2], shingleCount = getU32(buf, o + 3);
  o += 7;
  const f = getU32(buf, o + width * numPerm), hashWidth = buf[o + width * numPerm + 4];
  // the values and the fingerprints in one buffer: a typed array of its own costs ~1 µs to allocate and collect
  const all = new ArrayBuffer(4 * numPerm + 12 * f);
  const values = new Uint32Array(all, 0, numPerm);
  if (width === 1) for (let i = 0; i < numPerm; i++, o++) values[i] = buf[o];
  else if (width === 2) for (let i = 0; i < numPerm; i++, o += 2) values[i] = getU16(buf, o);
  else for (let i = 0; i < numPerm; i++, o += 4) values[i] = getU32(buf, o);
  o += 5;
  const at = 4 * numPerm;
  const fingerprints = { hashes: new Uint32Array(all, at, f), starts: new Int32Array(all, at + 4 * f, f), ends: new Int32Array(all, at + 8 * f, f) };
  o = readHashes(buf, o, hashWidth, fingerprints.hashes);
  const spanBytes = getU32(buf, o);
  o += 4;
  decodeSpans(buf.subarray(o, o + spanBytes), fingerprints.starts, fingerprints.ends);
  o += spanBytes;
  const meta: ArticleMeta = { firstSeen: view.getFloat64(27, true), ...decodeMeta(buf.subarray(o)) };
  const article: StoredArticle = {
    id, rev: view.getFloat64(1, true), contentHash: getHash(buf, 13),
    signature: { spec: specOf(getU32(buf, 23)), values, shingleCount }, fingerprints, meta,
  };
  if (sketch.length > 0) article.titleSketch = sketch;
  return article;
}

const NO_SKETCH = new Uint8Array(0);

/** Where a record's fingerprint hashes (F of them, `width` bytes each) and its meta start. */
function partsOf(buf: Uint8Array): { hashesAt: number; f: number; width: number; metaAt: number } {
  if (buf[0] !== LAYOUT_VERSION) throw new RangeError(`unknown stored article layout ${buf[0]}`);
  let o = HEADER_BYTES;
  o += 1 + buf[o];
  o += 7 + buf[o + 2] * getU16(buf, o);
  const f = getU32(buf, o), width = buf[o + 4], hashesAt = o + 5;
  o = hashesAt + width * f;
  return { hashesAt, f, width, metaAt: o + 4 + getU32(buf, o) };
}

/** A record's fingerprint hashes alone (what its anchors derive from), without decoding the rest. */
export function decodeHashes(buf: Uint8Array): Uint32Array {
  const { hashesAt, f, width } = partsOf(buf);
  const out = new Uint32Array(f);
  readHashes(buf, hashesAt, width, out);
  return out;
}

/** Fingerprint hashes of `width` bytes from b[o..] into `out` (all of it); returns the offset after them. */
function readHashes(b: Uint8Array, o: number, width: number, out: Uint32Array): number {
  if (width === 3) for (let i = 0; i < out.length; i++, o += 3) out[i] = getU24(b, o);
  else for (let i = 0; i < out.length; i++, o += 4) out[i] = getU32(b, o);
  return o;
}

/** A record's meta with its firstSeen, without decoding the rest. */
export function decodeStoredMeta(buf: Uint8Array): ArticleMeta {
  return { firstSeen: new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getFloat64(27, true), ...decodeMeta(buf.subarray(partsOf(buf).metaAt)) };
}

/**
 * The meta fields of a record, from the bytes after its fingerprint spans (what the Redis title query
 * returns): absent fields left out. `firstSeen` sits in the header, so it is not among them.
 */
export function decodeMeta(b: Uint8Array): Omit<ArticleMeta, "firstSeen"> {
  const meta: Partial<ArticleMeta> = {};
  const at = { o: 0 };
  for (const k of META_FIELDS) {
    const n = getVarint(b, at, "the meta");
    if (n === 0) continue;
    const end = at.o + n - 1;
    if (end > b.length) throw new RangeError("stored article: the meta is truncated");
    meta[k] = getPacked(b, at.o, end);
    at.o = end;
  }
  return meta;
}
