import type { StoredArticle } from "../../src/core/stored-article.js";

/**
 * One stored article with every part of a record in use: a title sketch, 16-bit signature values,
 * fingerprint spans both packed and escaped (a backward start, a long span, a far start), and
 * meta with Arabic, Latin, a mark outside the packed ranges and an absent field.
 */
export function fixture(): StoredArticle {
  return {
    id: "golden", contentHash: "0123456789abcdef", rev: 1_732_000_000_000,
    signature: { spec: "v2/ar-1/word4/oph-odx128b16/s1/m8", values: Uint32Array.from([1, 0xffff, 300, 7]), shingleCount: 41 },
    fingerprints: {
      hashes: Uint32Array.from([0xdeadbeef, 1, 2, 3, 4, 5]),
      starts: Int32Array.from([0, 12, 5, 40, 100_000, 100_020]),
      ends: Int32Array.from([24, 30, 30, 200, 100_030, 100_041]),
    },
    meta: { firstSeen: 1_731_999_999_500, title: "قمة «الرياض» 2024", url: "https://example.com/a?b=1" , publishedAt: "2024-11-20T08:00:00Z" },
    titleSketch: Uint8Array.from({ length: 32 }, (_, i) => (i * 37) & 0xff),
  };
}
