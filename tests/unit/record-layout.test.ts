import { describe, expect, it } from "vitest";
import { decodeArticle, encodeArticle, LAYOUT_VERSION, registerSpec } from "../../src/core/article-codec.js";
import type { StoredArticle } from "../../src/core/stored-article.js";

/**
 * One stored article with every part of a record in use: a title sketch, 16-bit signature values,
 * fingerprint spans both packed and escaped (a backward start, a long span, a far start), and
 * meta with Arabic, Latin, a mark outside the packed ranges and an absent field.
 */
function fixture(): StoredArticle {
  return {
    id: "golden", contentHash: "0123456789abcdef", rev: 1_732_000_000_000,
    signature: { spec: "v2/ar-1/word4/oph-odx128b16/s1/m8", values: Uint32Array.from([1, 0xffff, 300, 7]), shingleCount: 41 },
    fingerprints: {
      hashes: Uint32Array.from([0xdeadbeef, 1, 2, 3, 4, 5]),
      starts: Int32Array.from([0, 12, 5, 40, 100_000, 100_020]),
      ends: Int32Array.from([24, 30, 30, 200, 100_030, 100_041]),
    },
    meta: { firstSeen: 1_731_999_999_500, title: "قمة «الرياض» 2024", url: "https://example.com/a?b=1", publishedAt: "2024-11-20T08:00:00Z" },
    titleSketch: Uint8Array.from({ length: 32 }, (_, i) => (i * 37) & 0xff),
  };
}

/**
 * The exact bytes of one record at the current layout. Stored records outlive the code that wrote
 * them, so the round-trip tests are not enough: a change made to the encoder and the decoder
 * together passes them and still misreads every record already stored. When this test fails, the
 * bytes changed: bump LAYOUT_VERSION (src/core/article-codec.ts) and the Redis KEY_LAYOUT, then
 * write the new bytes here (the failure prints them).
 */
const LAYOUT_8 = [
  "08000080ea33347942000000000123456789abcdef02029f88bb4200c060ea33",
  "3479422000254a6f94b9de03284d7297bce1062b50759abfe4092e53789dc2e7",
  "0c31567b040002290000000100ffff2c01070006000000efbeadde0100000002",
  "000000030000000400000005000000110000008063d00f0d1e3f46ac023ff099",
  "0c28d40216c2c5a9207fab00a7c4b1caa7b67fbb002032303234001a68747470",
  "733a2f2f6578616d706c652e636f6d2f613f623d3115323032342d31312d3230",
  "5430383a30303a30305a",
].join("");

describe("stored record bytes", () => {
  it(`encodes the fixture to the bytes layout ${LAYOUT_VERSION} has always written`, () => {
    expect(LAYOUT_VERSION).toBe(8);
    expect(Buffer.from(encodeArticle(fixture(), { bands: 2, rows: 2 })).toString("hex")).toBe(LAYOUT_8);
  });

  it("decodes those bytes, written down rather than encoded now, back to the fixture", () => {
    const a = fixture();
    registerSpec(a.signature.spec);
    expect(decodeArticle("golden", Uint8Array.from(Buffer.from(LAYOUT_8, "hex")))).toEqual(a);
  });

  it("refuses a record of the layout before (7), whose escaped spans it would misread", () => {
    const old = Uint8Array.from(Buffer.from(LAYOUT_8, "hex"));
    old[0] = 7;
    expect(() => decodeArticle("golden", old)).toThrow(/unknown stored article layout 7/);
  });
});
