import { describe, expect, it } from "vitest";
import { decodeArticle, encodeArticle, LAYOUT_VERSION, registerSpec } from "../../src/core/article-codec.js";
import type { StoredArticle } from "../../src/core/stored-article.js";

/**
 * One stored article with every part of a record in use: a title sketch, signature values (16-bit,
 * or 8-bit as the article spec makes them), fingerprint hashes (32-bit, or 24-bit as analysis makes
 * them), fingerprint spans both packed and escaped (a backward
 * start, a long span, a far start), and meta with Arabic, Latin, a mark outside the packed ranges
 * and an absent field.
 */
function fixture(bits: 8 | 16 = 16): StoredArticle {
  const values = bits === 16 ? [1, 0xffff, 300, 7] : [1, 0xff, 30, 7];
  return {
    id: "golden", contentHash: "0123456789abcdef", rev: 1_732_000_000_000,
    signature: { spec: `v2/ar-1/word4/oph-odx128b${bits}/s1/m8`, values: Uint32Array.from(values), shingleCount: 41 },
    fingerprints: {
      hashes: Uint32Array.from([bits === 16 ? 0xdeadbeef : 0xadbeef, 1, 2, 3, 4, 5]),
      starts: Int32Array.from([0, 12, 5, 40, 100_000, 100_020]),
      ends: Int32Array.from([24, 30, 30, 200, 100_030, 100_041]),
    },
    meta: { firstSeen: 1_731_999_999_500, title: "قمة «الرياض» 2024", url: "https://example.com/a?b=1", publishedAt: "2024-11-20T08:00:00Z" },
    titleSketch: Uint8Array.from({ length: 30 }, (_, i) => (i * 37) & 0xff),
  };
}

/**
 * The exact bytes of one record at the current layout. Stored records outlive the code that wrote
 * them, so the round-trip tests are not enough: a change made to the encoder and the decoder
 * together passes them and still misreads every record already stored. When this test fails, the
 * bytes changed: bump LAYOUT_VERSION (src/core/article-codec.ts) and the Redis KEY_LAYOUT, then
 * write the new bytes here (the failure prints them).
 */
const LAYOUT_10 = [
  "0a000080ea33347942000000000123456789abcdef02029f88bb4200c060ea33",
  "3479421e00254a6f94b9de03284d7297bce1062b50759abfe4092e53789dc2e7",
  "0c31040002290000000100ffff2c0107000600000004efbeadde010000000200",
  "0000030000000400000005000000110000008063d00f0d1e3f46ac023ff0990c",
  "28d40216c2c5a9207fab00a7c4b1caa7b67fbb002032303234001a6874747073",
  "3a2f2f6578616d706c652e636f6d2f613f623d3115323032342d31312d323054",
  "30383a30303a30305a",
].join("");

/** The same record as the index writes it: 8-bit values (width 1) and 24-bit fingerprint hashes (width 3). */
const LAYOUT_10_AS_INDEXED = [
  "0a000080ea33347942000000000123456789abcdef02025c92936b00c060ea33",
  "3479421e00254a6f94b9de03284d7297bce1062b50759abfe4092e53789dc2e7",
  "0c310400012900000001ff1e070600000003efbead0100000200000300000400",
  "00050000110000008063d00f0d1e3f46ac023ff0990c28d40216c2c5a9207fab",
  "00a7c4b1caa7b67fbb002032303234001a68747470733a2f2f6578616d706c65",
  "2e636f6d2f613f623d3115323032342d31312d32305430383a30303a30305a",
].join("");

describe("stored record bytes", () => {
  it(`encodes the fixture to the bytes layout ${LAYOUT_VERSION} has always written`, () => {
    expect(LAYOUT_VERSION).toBe(10);
    expect(Buffer.from(encodeArticle(fixture(), { bands: 2, rows: 2 })).toString("hex")).toBe(LAYOUT_10);
    expect(Buffer.from(encodeArticle(fixture(8), { bands: 2, rows: 2 })).toString("hex")).toBe(LAYOUT_10_AS_INDEXED);
  });

  it("decodes those bytes, written down rather than encoded now, back to the fixture", () => {
    for (const [bits, hex] of [[16, LAYOUT_10], [8, LAYOUT_10_AS_INDEXED]] as const) {
      const a = fixture(bits);
      registerSpec(a.signature.spec);
      expect(decodeArticle("golden", Uint8Array.from(Buffer.from(hex, "hex")))).toEqual(a);
    }
  });

  it("refuses a record of the layouts before: 9, whose title sketch was filed under 8 bands of 4, and 8, which had no 1-byte values nor 3-byte hashes", () => {
    for (const layout of [9, 8]) {
      const old = Uint8Array.from(Buffer.from(LAYOUT_10_AS_INDEXED, "hex"));
      old[0] = layout;
      expect(() => decodeArticle("golden", old)).toThrow(new RegExp(`unknown stored article layout ${layout}`));
    }
  });
});
