import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bucketNames, KEY_LAYOUT } from "../../src/adapters/redis/redis-index-store.js";
import { anchorsOf } from "../../src/core/anchors.js";
import { bandKeys } from "../../src/core/lsh-index.js";
import { toStored } from "../../src/core/match.js";
import { normalizeText } from "../../src/core/normalize.js";
import { keysOfSketch } from "../../src/core/title-index.js";
import { testEngine } from "../helpers/engine.js";

/**
 * What an index stores is derived from the text: the normalized text, the signature, the
 * fingerprints and content hash, the band keys, anchors and title keys, and the bucket each key goes
 * to. Stored data outlives the code, so a derivation may change only with the version that guards
 * it; each value below names that version. When one fails: bump it (NORMALIZER_VERSION, the
 * SignatureSpec, or KEY_LAYOUT with LAYOUT_VERSION), then write the new value here. A version bump
 * alone changes no value here but the spec key.
 */
const digest = (xs: ArrayLike<number>) => createHash("sha1").update(Array.from(xs).join(",")).digest("hex").slice(0, 16);

const PAGE = {
  id: "derivations",
  title: "وزيرُ الخارجيّة: المحادثاتُ مستمرّة حتى التوصّل إلى اتفاقٍ",
  text: [
    "أكّد وزير الخارجيـة في مؤتمرٍ صحفي عُقد يوم الأحد ٢١ شوال أن المحادثات مع الوفد الزائر ستستمر حتى التوصّل إلى اتفاق شامل يرضي جميع الأطراف.",
    "وأضاف أن اللجان الفنية ستجتمع خلال الأسبوع المقبل لمناقشة التفاصيل المتبقية، مشيراً إلى أن الأجواء كانت «إيجابية وبنّاءة».",
    "ﻻ يزال الخلاف قائماً حول بعض البنود، وفق ما نقلته وكالة الأنباء الرسمية عن مصدر مطّلع فضّل عدم ذكر اسمه.",
  ].join("\n"),
};

describe("the derivations stored data depends on", () => {
  it("normalizes text as NORMALIZER_VERSION did (ar-1)", () => {
    expect(normalizeText(PAGE.title)).toBe("وزير الخارجيه المحادثات مستمره حتي التوصل الي اتفاق");
    expect(digest([...normalizeText(PAGE.text)].map((c) => c.charCodeAt(0)))).toBe("55ba4a15fd1cde69"); // Arabic-Indic digits, ﻻ, tatweel, « »
  });

  it("derives the body's signature, fingerprints and content hash as its SignatureSpec did", async () => {
    const e = await testEngine();
    const a = e.analyze(PAGE);
    expect(a.body.signature.spec).toBe("v2/ar-1/word4/oph-odx128b8/s8045473/m8");
    expect([a.body.contentHash, digest(a.body.signature.values), a.body.signature.shingleCount, digest(a.body.fingerprints.hashes), digest(a.body.fingerprints.starts), digest(a.body.fingerprints.ends)])
      .toEqual(["40b7a4d170b895e6", "a2b471dd72e085ad", 60, "8c89c2c64699198b", "34d4756a85a6f041", "54984ca2c531f016"]);
  });

  it(`derives band keys, anchors, title keys and their bucket names as key layout ${KEY_LAYOUT} did`, async () => {
    const e = await testEngine();
    const stored = toStored(e.analyze(PAGE), 0, 0, true);
    const bands = bandKeys(stored.signature.values, e.lsh), anchors = anchorsOf(stored.fingerprints), titles = keysOfSketch(stored.titleSketch!);
    expect([e.lsh.bands, e.lsh.rows, digest(bands), digest(anchors), Buffer.from(stored.titleSketch!).toString("hex"), digest(titles)])
      .toEqual([25, 5, "5aac2d07f4bbb4f7", "cb76d2fd9322ddca", "67e312b619b9fa60adb32a67d5f360f3d593fe19645419d41d6fc681826f", "4286c3af64479478"]);
    // at the first growth, two on the way (band and anchor buckets of levels 15 and 16, title buckets of 13 and 14), and the last (src/adapters/redis/lua/common.lua)
    expect([0, 40_000, 100_000, 2 ** 18 - 256].map((g) => digest([...bucketNames("ns:", bands, anchors, titles, g)].map((c) => c.charCodeAt(0)))))
      .toEqual(["dc6ca00acff15149", "a6869b7ad9951adc", "90f94269227d3212", "f245d44b2fb9e7ee"]);
  });
});
