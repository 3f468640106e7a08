import type { StoredArticle } from "./stored-article.js";

/**
 * The byte layout of a stored article (version 2, little-endian), shared by every store that keeps
 * bytes. The fixed header is read by the Redis Lua scripts; keep both in step.
 *
 *   0  u8   layout version (LAYOUT_VERSION)
 *   1  f64  rev
 *   9  u32  slot (written by the store)
 *  13  16B  content hash, ASCII hex
 *  29  u16  band count B        31  u16  anchor count A
 *  33  u32×B band keys, then u32×A anchors
 *  ..  u16 spec length, spec (UTF-8); u16 numPerm; u32 shingleCount; u32×numPerm signature values
 *  ..  u32 fingerprint count F; u32×F hashes; u32 byte length V, then V bytes of varints: per
 *      fingerprint, zigzag(start − previous start) and zigzag(end − start) (about 2 bytes, not 8)
 *  ..  u32 meta length; meta JSON (UTF-8)
 */
export const LAYOUT_VERSION = 2;
export const HEADER_BYTES = 33;

const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeArticle(a: StoredArticle, bands: Uint32Array, anchors: Uint32Array): Uint8Array {
  const spec = enc.encode(a.signature.spec);
  const meta = enc.encode(JSON.stringify(a.meta));
  const hash = a.contentHash.padStart(16, "0").slice(-16);
  const f = a.fingerprints.hashes.length;
  const spans = encodeSpans(a.fingerprints.starts, a.fingerprints.ends);
  const size = HEADER_BYTES + 4 * (bands.length + anchors.length) + 2 + spec.length + 2 + 4 + 4 * a.signature.values.length + 4 + 4 * f + 4 + spans.length + 4 + meta.length;
  const buf = new Uint8Array(size);
  const v = new DataView(buf.buffer);
  let o = 0;
  const u16 = (x: number) => { v.setUint16(o, x, true); o += 2; };
  const u32 = (x: number) => { v.setUint32(o, x >>> 0, true); o += 4; };
  const u32s = (xs: Uint32Array) => { for (const x of xs) u32(x); };
  const bytes = (b: Uint8Array) => { buf.set(b, o); o += b.length; };
  v.setUint8(o++, LAYOUT_VERSION);
  v.setFloat64(o, a.rev, true); o += 8;
  u32(0);
  bytes(enc.encode(hash));
  u16(bands.length); u16(anchors.length);
  u32s(bands); u32s(anchors);
  u16(spec.length); bytes(spec);
  u16(a.signature.values.length); u32(a.signature.shingleCount); u32s(a.signature.values);
  u32(f); u32s(a.fingerprints.hashes); u32(spans.length); bytes(spans);
  u32(meta.length); bytes(meta);
  return buf;
}

export function decodeArticle(id: string, buf: Uint8Array): StoredArticle {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (v.getUint8(0) !== LAYOUT_VERSION) throw new RangeError(`unknown stored article layout ${v.getUint8(0)}`);
  let o = 29;
  const nb = v.getUint16(o, true), na = v.getUint16(o + 2, true);
  o = HEADER_BYTES + 4 * (nb + na);
  const u16 = () => { const x = v.getUint16(o, true); o += 2; return x; };
  const u32 = () => { const x = v.getUint32(o, true); o += 4; return x; };
  const u32s = (n: number) => { const out = new Uint32Array(n); for (let i = 0; i < n; i++) out[i] = u32(); return out; };
  const str = (n: number) => { const s = dec.decode(buf.subarray(o, o + n)); o += n; return s; };
  const spec = str(u16());
  const numPerm = u16();
  const shingleCount = u32();
  const values = u32s(numPerm);
  const f = u32();
  const hashes = u32s(f);
  const spanBytes = u32();
  const fingerprints = { hashes, ...decodeSpans(buf.subarray(o, o + spanBytes), f) };
  o += spanBytes;
  const meta = JSON.parse(str(u32()));
  return {
    id, rev: v.getFloat64(1, true), contentHash: dec.decode(buf.subarray(13, 29)).replace(/^0+(?=.{1,}$)/, (m) => m),
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
