import { fmix32 } from "./hash.js";
import type { Fingerprints } from "./fingerprints.js";

/**
 * Anchors: the fingerprints whose mixed hash has its low ANCHOR_BITS bits zero, each indexed under
 * a key mixed from it (see KEY_SEED) — content-defined, so a passage shared by two articles yields
 * the same anchors in both (about one per 10 shingles) — and the body's first fingerprint, its
 * opening anchor.
 * They find partial copies whose Jaccard is too low for MinHash LSH (a wire story in a long piece).
 * The opening anchor finds a lead cut too short to hold two content-defined anchors (one in four
 * bodies of 10 fingerprints holds none): the cut and its story open alike. It is extra: it counts
 * as a shared anchor, but not in an article's anchor weight (see anchorWeight), so it never raises
 * the bar a pair's content-defined anchors must clear.
 */
export const ANCHOR_BITS = 2;
const MASK = (1 << ANCHOR_BITS) - 1;

/**
 * Anchors a candidate found through anchors alone must share (one shared phrase proves nothing),
 * unless either side weighs less (see sharedNeeded).
 */
export const MIN_SHARED_ANCHORS = 2;

/**
 * Anchors a pair must share: MIN_SHARED_ANCHORS, or the smaller anchor weight when it is lower (a
 * short lead cut shares its one anchor, or only its opening, with its story). Computed identically
 * by src/adapters/redis/lua/candidates.lua and upsert.lua.
 */
export function sharedNeeded(queryWeight: number, candidateWeight: number): number {
  return Math.min(MIN_SHARED_ANCHORS, queryWeight, candidateWeight);
}

/**
 * Least share of the smaller side's anchors a candidate must share to be worth verifying. A
 * relation needs a passage covering half of one side (partial) or more, or a long passage covering
 * a fifth of one (reuse, see RelationThresholds), and anchors are content-defined, so a true copy
 * shares about that share of the smaller side's anchors or more: 0.2 leaves a margin of 2.5 for
 * sampling to the first, none to the second (reuse near its bar is found by anchors about half of
 * the time). Candidates below it share only a few common phrases with a long article, and
 * verifying them is most of a query's cost in a large index.
 */
export const MIN_ANCHOR_OVERLAP = 0.2;

/**
 * An anchor already held by this many indexed articles is a boilerplate phrase (a site's standard
 * line, a much-quoted statement): it is not indexed for more articles. Their copies are found by
 * their other anchors and by LSH, and every query reads at most this many entries per anchor.
 */
export const MAX_ANCHOR_POSTINGS = 64;

/**
 * Shared anchors over the smaller side's anchor weight; weights are capped at 255 as stored, which
 * only lowers the bar. Computed identically by src/adapters/redis/lua/candidates.lua.
 */
export function anchorOverlap(shared: number, queryWeight: number, candidateWeight: number): number {
  return shared / Math.max(1, Math.min(queryWeight, 255, candidateWeight));
}

/**
 * Anchor keys as `anchorsOf` gives them, marked `openingExtra` when the opening anchor is not
 * content-defined as well. (The mark and the cache on the fingerprints replace a WeakMap and a
 * WeakSet that every article of a scan entered: ~2% of its time, bench/RESULTS.md.)
 */
export type Anchors = Uint32Array & { openingExtra?: true };

/**
 * What an article's anchors weigh in the overlap and in the anchors a pair must share: its
 * content-defined anchors, at least 1 (the opening anchor alone weighs 1). Known for the arrays
 * `anchorsOf` gives; any other array weighs its length.
 */
export function anchorWeight(anchors: Anchors): number {
  return Math.max(1, anchors.length - (anchors.openingExtra ? 1 : 0));
}

/**
 * An anchor's index key is its fingerprint mixed again: winnowing keeps window minima, so raw
 * fingerprint values crowd the low end of the range, and index buckets chosen by a key's top bits
 * (the Redis store's) would be uneven, the fullest ones most often read.
 */
const KEY_SEED = 0x27d4eb2f;

/**
 * The distinct anchor keys of the fingerprints, in first-occurrence order (the opening anchor
 * first), kept on the fingerprints (an article's are asked for at query and at insert). Do not
 * modify the result.
 */
export function anchorsOf(fp: Pick<Fingerprints, "hashes" | "anchors">): Anchors {
  let out = fp.anchors;
  if (out === undefined) {
    out = deriveAnchors(fp.hashes) as Anchors;
    if (fp.hashes.length > 0 && !isContentDefined(fp.hashes[0])) out.openingExtra = true;
    fp.anchors = out;
  }
  return out;
}

const isContentDefined = (h: number) => (fmix32(h ^ 0x5bd1e995) & MASK) === 0;

/** The anchor keys being picked, reused by every derivation (only the result is allocated). */
let picking = new Uint32Array(256);

function deriveAnchors(hashes: Uint32Array): Uint32Array {
  if (picking.length < hashes.length) picking = new Uint32Array(2 * hashes.length);
  const picked = picking;
  let count = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || isContentDefined(hashes[i])) picked[count++] = fmix32(hashes[i] ^ KEY_SEED);
  if (count > 64) return Uint32Array.from(new Set(picked.subarray(0, count)));
  let n = 0; // a few dozen: a linear scan for repeats beats a Set
  for (let i = 0; i < count; i++) {
    let k = 0;
    while (k < n && picked[k] !== picked[i]) k++;
    if (k === n) picked[n++] = picked[i];
  }
  return picked.slice(0, n);
}
