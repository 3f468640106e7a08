/**
 * The byte-level codings of a stored record (src/core/article-codec.ts has the layout): text packed
 * one byte a character for ASCII and Arabic, varints, and fingerprint spans packed in bits.
 */

/**
 * Meta text in one byte a character for ASCII and the Arabic block (the titles an index keeps are
 * Arabic: ~45 bytes a record less than UTF-8's two bytes a letter), and exactly for anything else:
 * a UTF-16 code unit c is the byte c when c < 0x7F, the byte 0x80 + (c − 0x600) when c is in
 * U+0600..U+067F (letters, marks, Arabic-Indic digits, ، ؛ ؟), else 0x7F and c's two bytes, low
 * first. Code units rather than code points, so a lone surrogate comes back as it went in.
 */
export function packedLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x7f || (c >= 0x600 && c < 0x680) ? 1 : 3;
  }
  return n;
}

export function putPacked(b: Uint8Array, o: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x7f) b[o++] = c;
    else if (c >= 0x600 && c < 0x680) b[o++] = 0x80 + (c - 0x600);
    else { b[o] = 0x7f; b[o + 1] = c & 0xff; b[o + 2] = c >>> 8; o += 3; }
  }
  return o;
}

/** Longest run of code units made into a string in one call. */
const CHARS_A_CALL = 4096;

/**
 * The string is made in one call from a plain array of its code units: ~0.5 µs for a 60-unit title,
 * against ~0.9 from a typed array and ~1.2–1.8 a unit at a time (a rope, flattened when read);
 * String.fromCharCode keeps lone surrogates as they are, where a UTF-16 TextDecoder replaces them.
 */
export function getPacked(b: Uint8Array, from: number, to: number): string {
  let s = "";
  let units = new Array<number>(Math.min(to - from, CHARS_A_CALL)), n = 0;
  for (let o = from; o < to;) {
    const x = b[o];
    if (x < 0x7f) { units[n++] = x; o++; }
    else if (x >= 0x80) { units[n++] = 0x600 + (x - 0x80); o++; }
    else { if (o + 2 >= to) throw new RangeError("stored article: the meta is truncated"); units[n++] = b[o + 1] | (b[o + 2] << 8); o += 3; }
    if (n === CHARS_A_CALL && o < to) { s += String.fromCharCode.apply(null, units); units = new Array<number>(Math.min(to - o, CHARS_A_CALL)); n = 0; }
  }
  if (n < units.length) units.length = n; // fewer units than bytes: some took three
  return s + String.fromCharCode.apply(null, units);
}

export const varintBytes = (x: number) => (x < 0x80 ? 1 : x < 0x4000 ? 2 : x < 0x200000 ? 3 : x < 0x10000000 ? 4 : 5);

/** A non-negative integer as a varint (7 bits a byte, low first) at b[o..]; returns the offset after it. */
export function putVarint(b: Uint8Array, o: number, x: number): number {
  while (x >= 0x80) { b[o++] = (x % 0x80) | 0x80; x = Math.floor(x / 0x80); }
  b[o++] = x;
  return o;
}

/** The varint at b[at.o..], moving at.o past it; `what` names the part in the error for a truncated one. */
export function getVarint(b: Uint8Array, at: { o: number }, what: string): number {
  let x = 0, scale = 1, byte: number;
  do {
    if (at.o >= b.length) throw new RangeError(`stored article: ${what} is truncated`);
    byte = b[at.o++];
    x += (byte & 0x7f) * scale;
    scale *= 0x80;
  } while (byte & 0x80);
  return x;
}

const zigzag = (x: number) => (x >= 0 ? 2 * x : -2 * x - 1);
const unzigzag = (z: number) => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/**
 * A fingerprint's span is packed in 11 bits: its start's distance from the previous start in
 * DELTA_BITS, its length less SPAN_MIN_LENGTH in LENGTH_BITS. A fingerprint is a shingle (4 words,
 * ~24 characters) and winnowing keeps about one shingle in 3.6, so on real articles 99.9% fit
 * (bench/RESULTS.md: ~107 bytes an article, against ~156 as two varints). Any other span writes
 * ESCAPE in its delta bits, pads to the next byte, and writes both numbers, zigzagged, as varints:
 * offsets of any size and order round-trip.
 */
const DELTA_BITS = 6, LENGTH_BITS = 5, SPAN_MIN_LENGTH = 10;
const ESCAPE = (1 << DELTA_BITS) - 1, LENGTH_MASK = (1 << LENGTH_BITS) - 1;
const SPANS = "the fingerprint span list";

/** Fingerprint spans, bit-packed (see DELTA_BITS), least significant bit first. */
export function encodeSpans(starts: Int32Array, ends: Int32Array): Uint8Array {
  const out = new Uint8Array(starts.length * 12 + 2);
  let o = 0, acc = 0, bits = 0, prev = 0;
  for (let i = 0; i < starts.length; i++) {
    const delta = starts[i] - prev, length = ends[i] - starts[i] - SPAN_MIN_LENGTH;
    prev = starts[i];
    if (delta >= 0 && delta < ESCAPE && length >= 0 && length <= LENGTH_MASK) {
      acc |= (delta | (length << DELTA_BITS)) << bits; bits += DELTA_BITS + LENGTH_BITS;
      while (bits >= 8) { out[o++] = acc & 0xff; acc >>>= 8; bits -= 8; }
    } else {
      acc |= ESCAPE << bits; bits += DELTA_BITS;
      for (; bits > 0; bits -= 8) { out[o++] = acc & 0xff; acc >>>= 8; } // the escape's byte, padded
      acc = 0; bits = 0;
      o = putVarint(out, putVarint(out, o, zigzag(delta)), zigzag(length));
    }
  }
  if (bits > 0) out[o++] = acc & 0xff;
  return out.subarray(0, o);
}

export function decodeSpans(b: Uint8Array, starts: Int32Array, ends: Int32Array): void {
  const at = { o: 0 };
  let acc = 0, bits = 0, prev = 0;
  for (let i = 0; i < starts.length; i++) {
    while (bits < DELTA_BITS + LENGTH_BITS && at.o < b.length) { acc |= b[at.o++] << bits; bits += 8; }
    if (bits < DELTA_BITS) throw new RangeError(`stored article: ${SPANS} is truncated`);
    const delta = acc & ESCAPE;
    acc >>>= DELTA_BITS; bits -= DELTA_BITS;
    let start: number, length: number;
    if (delta !== ESCAPE) {
      if (bits < LENGTH_BITS) throw new RangeError(`stored article: ${SPANS} is truncated`);
      start = prev + delta; length = acc & LENGTH_MASK;
      acc >>>= LENGTH_BITS; bits -= LENGTH_BITS;
    } else {
      at.o -= bits >> 3; // whole bytes read ahead; the rest of the escape's byte is padding
      acc = 0; bits = 0;
      start = prev + unzigzag(getVarint(b, at, SPANS));
      length = unzigzag(getVarint(b, at, SPANS));
    }
    starts[i] = start;
    ends[i] = start + SPAN_MIN_LENGTH + length;
    prev = start;
  }
}
