import { createRequire } from "node:module";
import { fmix32 } from "../../src/core/hash.js";
import { normalizePage, normalizeText } from "../../src/core/normalize.js";
import { shingleHashes } from "../../src/core/shingle.js";
import { sketch } from "../../src/core/signature.js";
import { ARTICLE_SPEC } from "../../src/core/signature-spec.js";
import { mb, timeIt } from "./timing.js";

const require = createRequire(import.meta.url);
const { Minhash } = require("minhash") as { Minhash: new (o?: { numPerm?: number }) => { update(s: string): void; hashvalues: number[] } };

/** The floor: normalize, tokenize and hash every shingle once — what any MinHash must do first (tikrar's page pass). */
const floor = (t: string) => { const p = normalizePage(t); return shingleHashes(p.wordHash, p.wordHash.length, ARTICLE_SPEC.size, ARTICLE_SPEC.seed); };

/** Classic MinHash: 128 independent universal-hash permutations of every shingle. */
function classic128(hashes: Uint32Array): Uint32Array {
  const out = new Uint32Array(128).fill(0xffffffff);
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i];
    for (let p = 0; p < 128; p++) {
      const v = fmix32(h ^ Math.imul(p + 1, 0x9e3779b1));
      if (v < out[p]) out[p] = v;
    }
  }
  return out;
}

/** The peer package on the same normalized 4-word shingles, fed as strings as its API takes them. */
function npmMinhash(t: string): number[] {
  const words = normalizeText(t).split(" ");
  const m = new Minhash({ numPerm: 128 });
  for (let i = 0; i + 4 <= words.length; i++) m.update(`${words[i]} ${words[i + 1]} ${words[i + 2]} ${words[i + 3]}`);
  return m.hashvalues;
}

export function benchSignatures(texts: string[]): string[] {
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const all = (f: (t: string) => unknown) => () => { for (const t of texts) f(t); };
  // floor and signature alternate three times and each keeps its best run, so neither is measured
  // only cold or only while the other's garbage is being collected
  let floorS = Infinity, ophS = Infinity;
  for (let round = 0; round < 3; round++) {
    floorS = Math.min(floorS, timeIt(all(floor), 800));
    ophS = Math.min(ophS, timeIt(all((t) => sketch(floor(t), ARTICLE_SPEC)), 800));
  }
  const classicS = timeIt(all((t) => classic128(floor(t))), 1000);
  const few = texts.slice(0, Math.max(20, Math.floor(texts.length / 50)));
  const fewBytes = few.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const npmS = timeIt(() => { for (const t of few) npmMinhash(t); }, 1000);
  const rate = (s: number, b = bytes) => mb(b) / s;
  const floorRate = rate(floorS);
  return [
    `| stage (${texts.length} real articles, ${(bytes / texts.length / 1000).toFixed(1)} KB each) | MB/s | share of floor |`,
    "|---|---:|---:|",
    `| floor: normalize + tokenize + hash each shingle once | ${floorRate.toFixed(1)} | 100% |`,
    `| **tikrar signature**: floor + OPH with optimal densification (128) | ${rate(ophS).toFixed(1)} | ${((rate(ophS) / floorRate) * 100).toFixed(0)}% |`,
    `| floor + 128 independent permutations | ${rate(classicS).toFixed(1)} | ${((rate(classicS) / floorRate) * 100).toFixed(0)}% |`,
    `| npm \`minhash\` 0.0.9 on the same normalized shingles (${few.length} articles) | ${rate(npmS, fewBytes).toFixed(2)} | ${((rate(npmS, fewBytes) / floorRate) * 100).toFixed(1)}% |`,
  ];
}
