import type { StoredArticle } from "./stored-article.js";
import type { LshParams } from "./lsh-params.js";

/**
 * The byte layout of a stored article (version 3, little-endian), shared by every store that keeps
 * bytes. The Redis Lua scripts read the header, the signature and the fingerprint hashes (to
 * derive band keys and anchors again at removal); keep both in step.
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
 *  ..  u32 meta length; meta JSON (UTF-8)
 */
export const LAYOUT_VERSION = 3;
export const HEADER_BYTES = 31;

const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeArticle(a: StoredArticle, lsh: Pick<LshParams, "bands" | "rows">): Uint8Array {
  if (lsh.bands > 255 || lsh.rows > 255) throw new RangeError("stored article: bands and rows must fit one byte");
  const spec = enc.encode(a.signature.spec);
  const meta = enc.encode(JSON.stringify(a.meta));
  const hash = a.contentHash.padStart(16, "0").slice(-16);
  const values = a.signature.values;
  const width = values.every((x) => x <= 0xffff) ? 2 : 4;
  const f = a.fingerprints.hashes.length;
  const spans = encodeSpans(a.fingerprints.starts, a.fingerprints.ends);
  const size = HEADER_BYTES + 2 + spec.length + 2 + 1 + 4 + width * values.length + 4 + 4 * f + 4 + spans.length + 4 + meta.length;
  const buf = new Uint8Array(size);
  const v = new DataView(buf.buffer);
  let o = 0;
  const u8 = (x: number) => { v.setUint8(o++, x); };
  const u16 = (x: number) => { v.setUint16(o, x, true); o += 2; };
  const u32 = (x: number) => { v.setUint32(o, x >>> 0, true); o += 4; };
  const bytes = (b: Uint8Array) => { buf.set(b, o); o += b.length; };
  u8(LAYOUT_VERSION);
  v.setFloat64(o, a.rev, true); o += 8;
  u32(0);
  bytes(enc.encode(hash));
  u8(lsh.bands); u8(lsh.rows);
  u16(spec.length); bytes(spec);
  u16(values.length); u8(width); u32(a.signature.shingleCount);
  for (const x of values) if (width === 2) u16(x); else u32(x);
  u32(f); for (const x of a.fingerprints.hashes) u32(x);
  u32(spans.length); bytes(spans);
  u32(meta.length); bytes(meta);
  return buf;
}

export function decodeArticle(id: string, buf: Uint8Array): StoredArticle {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (v.getUint8(0) !== LAYOUT_VERSION) throw new RangeError(`unknown stored article layout ${v.getUint8(0)}`);
  let o = HEADER_BYTES;
  const u8 = () => v.getUint8(o++);
  const u16 = () => { const x = v.getUint16(o, true); o += 2; return x; };
  const u32 = () => { const x = v.getUint32(o, true); o += 4; return x; };
  const str = (n: number) => { const s = dec.decode(buf.subarray(o, o + n)); o += n; return s; };
  const spec = str(u16());
  const numPerm = u16();
  const width = u8();
  const shingleCount = u32();
  const values = new Uint32Array(numPerm);
  for (let i = 0; i < numPerm; i++) values[i] = width === 2 ? u16() : u32();
  const f = u32();
  const hashes = new Uint32Array(f);
  for (let i = 0; i < f; i++) hashes[i] = u32();
  const spanBytes = u32();
  const fingerprints = { hashes, ...decodeSpans(buf.subarray(o, o + spanBytes), f) };
  o += spanBytes;
  const meta = JSON.parse(str(u32()));
  return {
    id, rev: v.getFloat64(1, true), contentHash: dec.decode(buf.subarray(13, 29)),
    signature: { spec, values, shingleCount }, fingerprints, meta,
  };
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

function decodeSpans(b: Uint8Array, n: number): { starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(n), ends = new Int32Array(n);
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
  return { starts, ends };
}
