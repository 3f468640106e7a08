import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeArticle, decodeHashes, decodeStoredMeta, encodeArticle, LAYOUT_VERSION, registerSpec, specId } from "../../src/core/article-codec.js";
import { estimateJaccard } from "../../src/core/signature.js";
import type { StoredArticle } from "../../src/core/stored-article.js";

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });

const article = fc.record({
  id: fc.string({ minLength: 1, maxLength: 20 }),
  contentHash: fc.stringMatching(/^[0-9a-f]{16}$/),
  rev: fc.double({ noNaN: true, noDefaultInfinity: true }),
  values: fc.oneof(fc.array(u32, { minLength: 1, maxLength: 128 }), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 128 }), fc.array(fc.integer({ min: 0, max: 0xff }), { minLength: 1, maxLength: 128 })),
  shingleCount: fc.nat(),
  spans: fc.oneof(fc.array(fc.tuple(u32, int32, int32), { maxLength: 300 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffffff }), int32, int32), { maxLength: 300 })), // 32- or 24-bit hashes
  title: fc.option(fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) })), { nil: undefined }), // any code units, lone surrogates included
  source: fc.option(fc.string(), { nil: undefined }),
  url: fc.option(fc.string(), { nil: undefined }),
  publishedAt: fc.option(fc.string(), { nil: undefined }),
  titleSketch: fc.uint8Array({ maxLength: 32 }),
});

describe("stored article layout", () => {
  it(`round-trips every field (layout ${LAYOUT_VERSION}), 8-, 16- and 32-bit values, offsets of any size and order included`, () => {
    fc.assert(fc.property(article, (x) => {
      const a: StoredArticle = {
        id: x.id, contentHash: x.contentHash, rev: x.rev,
        signature: { spec: "v2/ar-1/word4/oph-odx128b16/s1/m8", values: Uint32Array.from(x.values), shingleCount: x.shingleCount },
        fingerprints: { hashes: Uint32Array.from(x.spans.map((s) => s[0])), starts: Int32Array.from(x.spans.map((s) => s[1])), ends: Int32Array.from(x.spans.map((s) => s[2])) },
        meta: { firstSeen: x.shingleCount },
      };
      for (const k of ["title", "source", "url", "publishedAt"] as const) if (x[k] !== undefined) a.meta[k] = x[k];
      if (x.titleSketch.length > 0) a.titleSketch = x.titleSketch;
      const record = encodeArticle(a, { bands: 25, rows: 5 });
      const back = decodeArticle(a.id, record);
      expect(back).toEqual(a);
      // the parts read alone (a compact memory index reads them so) equal the whole decode's
      expect(decodeHashes(record)).toEqual(a.fingerprints.hashes);
      expect(decodeStoredMeta(record)).toEqual(a.meta);
    }), { numRuns: 200 });
  });

  it("round-trips meta fields longer than one string-building call (4,096 code units), lone surrogates and any code unit included", () => {
    const long = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(i % 7 === 0 ? 0xd800 + (i % 1024) : (i * 37) % 0x10000)).join("");
    const a: StoredArticle = {
      id: "long", contentHash: "0123456789abcdef", rev: 1,
      signature: { spec: "v2/ar-1/word4/oph-odx128b16/s1/m8", values: Uint32Array.from([1, 2, 3]), shingleCount: 3 },
      fingerprints: { hashes: new Uint32Array(0), starts: new Int32Array(0), ends: new Int32Array(0) },
      meta: { firstSeen: 5, title: long, url: long.slice(0, 4_097) },
    };
    const record = encodeArticle(a, { bands: 25, rows: 5 });
    expect(decodeArticle("long", record)).toEqual(a);
    expect(decodeStoredMeta(record)).toEqual(a.meta);
  });

  it("keeps the meta as length-prefixed fields (0 for an absent one), Arabic and ASCII one byte a character, firstSeen in the header, and refuses a title sketch longer than a byte counts", () => {
    const a: StoredArticle = {
      id: "x", contentHash: "0123456789abcdef", rev: 0, meta: { firstSeen: 1_732_000_000_123, source: "واس" },
      signature: { spec: "s", values: new Uint32Array(4), shingleCount: 9 },
      fingerprints: { hashes: new Uint32Array(0), starts: new Int32Array(0), ends: new Int32Array(0) },
    };
    const bytes = encodeArticle(a, { bands: 1, rows: 4 });
    expect(Array.from(bytes.subarray(bytes.length - 7))).toEqual([0, 4, 0x80 + 0x48, 0x80 + 0x27, 0x80 + 0x33, 0, 0]); // و ا س
    const titled = { ...a, meta: { ...a.meta, title: "قمة «الرياض» 2024" } };
    const packed = encodeArticle(titled, { bands: 1, rows: 4 });
    expect(packed.length - bytes.length).toBe(17 + 2 * 2); // 17 characters, « and » three bytes each
    expect(decodeArticle("x", packed).meta.title).toBe("قمة «الرياض» 2024");
    expect(new DataView(bytes.buffer).getFloat64(27, true)).toBe(1_732_000_000_123);
    expect(Array.from(bytes.subarray(13, 21))).toEqual([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]);
    expect(() => encodeArticle({ ...a, titleSketch: new Uint8Array(256) }, { bands: 1, rows: 4 })).toThrow(RangeError);
    const sketched = encodeArticle({ ...a, titleSketch: Uint8Array.from({ length: 32 }, (_, i) => i + 1) }, { bands: 1, rows: 4 });
    expect(Array.from(sketched.subarray(35, 35 + 33))).toEqual([32, ...Array.from({ length: 32 }, (_, i) => i + 1)]); // at a fixed offset: a title query reads it alone
  });

  it("stores the spec as its id: a record of a spec this isolate does not know decodes to a spec no signature shares (a mismatch error, not a low score)", () => {
    const spec = "v2/ar-1/word4/oph-odx128b16/s1/m8";
    const a: StoredArticle = {
      id: "x", contentHash: "00000000000000ff", rev: 0, meta: { firstSeen: 1 },
      signature: { spec, values: Uint32Array.from([1, 2, 3, 4]), shingleCount: 9 },
      fingerprints: { hashes: new Uint32Array(0), starts: new Int32Array(0), ends: new Int32Array(0) },
    };
    const bytes = encodeArticle(a, { bands: 1, rows: 4 });
    expect(new DataView(bytes.buffer).getUint32(23, true)).toBe(specId(spec));
    expect(new TextDecoder().decode(bytes)).not.toContain(spec);
    new DataView(bytes.buffer).setUint32(23, specId(spec) ^ 1, true); // as a record written by another spec's engine
    const other = decodeArticle("x", bytes);
    expect(other.signature.spec).toMatch(/^unknown-spec#[0-9a-f]{8}$/);
    const compared = estimateJaccard(other.signature, a.signature);
    expect(compared.ok ? "compared" : compared.error.code).toBe("spec_mismatch");
    expect(() => registerSpec(spec)).not.toThrow();
  });

  it("refuses a content hash that is not 16 hex digits", () => {
    const a: StoredArticle = {
      id: "x", contentHash: "rank-x", rev: 0, meta: { firstSeen: 1 },
      signature: { spec: "s", values: new Uint32Array(4), shingleCount: 9 },
      fingerprints: { hashes: new Uint32Array(0), starts: new Int32Array(0), ends: new Int32Array(0) },
    };
    expect(() => encodeArticle(a, { bands: 1, rows: 4 })).toThrow(/16 hex digits/);
    expect(() => encodeArticle({ ...a, contentHash: "0123456789abcdeg" }, { bands: 1, rows: 4 })).toThrow(/16 hex digits/);
    expect(decodeArticle("x", encodeArticle({ ...a, contentHash: "0123456789ABCDEF" }, { bands: 1, rows: 4 })).contentHash).toBe("0123456789abcdef");
  });

  it("round-trips a spec key that is not ASCII", () => {
    const a: StoredArticle = {
      id: "x", contentHash: "0123456789abcdef", rev: 3, meta: { firstSeen: 1, title: "عنوان" },
      signature: { spec: "v2/عربي-1/word4", values: Uint32Array.from([1, 2, 70000]), shingleCount: 9 },
      fingerprints: { hashes: Uint32Array.from([5]), starts: Int32Array.from([0]), ends: Int32Array.from([4]) },
    };
    expect(decodeArticle("x", encodeArticle(a, { bands: 1, rows: 3 }))).toEqual(a);
  });

  it("keeps a real article's spans in 11 bits each, 8-bit values in 1 byte (16-bit in 2) and 24-bit hashes in 3 (32-bit in 4)", () => {
    const n = 200;
    const starts = Int32Array.from({ length: n }, (_, i) => 12 * i);
    const a: StoredArticle = {
      id: "x", contentHash: "0123456789abcdef", rev: 0, meta: { firstSeen: 1 },
      signature: { spec: "s", values: new Uint32Array(128), shingleCount: 500 },
      fingerprints: { hashes: new Uint32Array(n), starts, ends: starts.map((s) => s + 30) },
    };
    const size = encodeArticle(a, { bands: 25, rows: 5 }).length;
    expect(size - (3 * n + 128)).toBeLessThan(Math.ceil((11 * n) / 8) + 80);
    const wide = encodeArticle({ ...a, signature: { ...a.signature, values: new Uint32Array(128).fill(256) } }, { bands: 25, rows: 5 }).length;
    expect(wide - size).toBe(128);
    const wideHashes = encodeArticle({ ...a, fingerprints: { ...a.fingerprints, hashes: new Uint32Array(n).fill(2 ** 24) } }, { bands: 25, rows: 5 }).length;
    expect(wideHashes - size).toBe(n);
  });

  // Spans as real articles have them (starts in order, a few characters apart; shingles of 4–110
  // characters), with now and then one that does not fit the packed bits: a body that starts far
  // into its page, a long word, a repeated start.
  const realSpans = fc.array(fc.tuple(u32, fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 62 }) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 200 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 100_000 }) }), fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 10, max: 41 }) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 120 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 5_000 }) })), { maxLength: 400 });

  it("round-trips spans in page order, those that fit the packed bits and those that do not, in any mix", () => {
    fc.assert(fc.property(realSpans, fc.nat({ max: 3 }), (spans, firstSeen) => {
      const starts = new Int32Array(spans.length), ends = new Int32Array(spans.length);
      let at = 0;
      spans.forEach(([, delta, length], i) => { at += delta; starts[i] = at; ends[i] = at + length; });
      const a: StoredArticle = {
        id: "x", contentHash: "0123456789abcdef", rev: 0, meta: { firstSeen },
        signature: { spec: "s", values: new Uint32Array(8), shingleCount: spans.length },
        fingerprints: { hashes: Uint32Array.from(spans.map((s) => s[0])), starts, ends },
      };
      expect(decodeArticle("x", encodeArticle(a, { bands: 2, rows: 4 }))).toEqual(a);
    }), { numRuns: 300 });
  });

  it("refuses a record whose spans are cut short", () => {
    const starts = Int32Array.from({ length: 40 }, (_, i) => 20 * i);
    const a: StoredArticle = {
      id: "x", contentHash: "0123456789abcdef", rev: 0, meta: { firstSeen: 1 },
      signature: { spec: "s", values: new Uint32Array(4), shingleCount: 40 },
      fingerprints: { hashes: new Uint32Array(40), starts, ends: starts.map((s, i) => s + (i === 7 ? 900 : 25)) }, // one escaped
    };
    const record = encodeArticle(a, { bands: 1, rows: 4 });
    const at = 35 + 1 + 7 + 4 + 4 + 1 + 3 * 40; // the span byte count: after the header, no sketch, 4 values of 1 byte and 40 hashes of 3
    const spanBytes = new DataView(record.buffer).getUint32(at, true);
    expect(spanBytes).toBe(Math.ceil((39 * 11 + 6 + 8 + 16) / 8)); // the escaped one: its 6 bits, then 20 and 890 zigzagged (one and two bytes)
    for (const cut of [1, 10, spanBytes - 1]) {
      const short = new Uint8Array([...record.subarray(0, at), 0, 0, 0, 0, ...record.subarray(at + 4, at + 4 + cut), 0, 0, 0, 0]);
      new DataView(short.buffer).setUint32(at, cut, true);
      expect(() => decodeArticle("x", short)).toThrow(/fingerprint span list is truncated/);
    }
  });
});
