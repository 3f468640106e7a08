import { compareIds } from "./order.js";
import { BandTable } from "./band-table.js";
import { prepare, sameHeadline, sortedJaccard, type Prepared } from "./headline-clusters.js";
import type { Headline } from "./headlines.js";
import { bandKeys } from "./lsh-index.js";
import type { LshParams } from "./lsh-params.js";
import { normalizeText } from "./normalize.js";
import { sketch } from "./signature.js";
import { HEADLINE_SPEC } from "./signature-spec.js";
import { SlotSet } from "./slot-set.js";

/**
 * The bands by which an index files each article's title, over the headline MinHash (HEADLINE_SPEC):
 * 10 bands of 3 rows. A pair at the same-headline rule's Jaccard (0.6) shares a band with chance
 * 1 − (1 − 0.6³)¹⁰ ≈ 0.91, against 0.73 with 8 bands of 4 rows. Measured by `npm run eval` on the
 * 18,171 titles of the two news corpora (bench/RESULTS.md): 10 × 3 finds 99.7% of rewrites that stay
 * the same headline (trigram Jaccard ≥ 0.6, same speaker) and 99.0% of the real cross-outlet copies
 * whose titles are the same headline; 8 × 4 found 98.5% and 94.8%, every miss a pair with no band in
 * common (Jaccard 0.6–0.75); 8 × 3 finds 99.5% and 97.5%; 12 × 3 99.8% and 99.3%. On the bench's 1M
 * index, 10 × 3 (holding MAX_TITLE_POSTINGS a key) costs ~7 bytes an article more than 8 × 4 in
 * Redis, and a headline lookup ~170 µs more of Redis CPU (665 against 498 µs): 3-row bands meet
 * more candidates. Changing them changes every stored title key: the Redis key layout version goes
 * with them.
 */
export const TITLE_BANDS: LshParams = { bands: 10, rows: 3 };

/** Titles a headline query returns at most per headline, unless it says otherwise. */
export const TITLE_CANDIDATE_LIMIT = 16;

/**
 * A title's sketch: the low 8 bits of the first bands × rows values of its headline MinHash, 30
 * bytes. The band keys are made from these bytes, so a store keeps the sketch (30 bytes, less than
 * the 10 keys would take) and has both: the keys to file and remove the title, and an estimate of any
 * two titles' trigram Jaccard, from the share of equal bytes, to rank candidates without reading them.
 */
export const TITLE_SKETCH_BYTES = TITLE_BANDS.bands * TITLE_BANDS.rows;

/**
 * Candidates a store examines per headline (those sharing the most bands first, then the earliest
 * written), and how many of the sketch's 30 bytes a candidate must share to be returned: 11, an
 * estimated Jaccard of ~0.37, against the 0.6 of the same-headline rule. At that Jaccard a title
 * shares ~18 bytes (standard deviation ~2.7); one shares fewer than 11 about once in 370, as one
 * shared fewer than 12 of 32 with 8 bands of 4. At 1M articles most headlines meet more band
 * candidates than any cap, so which ones come back depends on the ranking: by the sketch, the likest
 * rather than the earliest written (bench/RESULTS.md has what that did and did not change on the
 * bench's 1M index). Examining 32 rather than 64 found as many of the real same-headline copies
 * there (1,832 and 1,828 of 2,179 with 8 bands of 4; 16 found 1,769) for 30% less Redis CPU a
 * lookup: past the first 32, candidates mostly crowd the answer with the bench's own variants.
 */
export const TITLE_EXAMINE_LIMIT = 32;
export const TITLE_MIN_AGREEING = 11;

/**
 * A title key holds at most this many live articles, the latest written, as a band key does
 * (MAX_BAND_POSTINGS, and for the same reasons): a title written thousands of times (a recurring
 * headline, a story's copies) shares all its keys, and without a bound each query read, and each
 * write rewrote, buckets growing with the copies. A lookup takes the earliest written among the
 * holders sharing as many keys, so holding more than it examines keeps a headline's first holders
 * (often the original and the first copies) in its answer while later copies pile up.
 *
 * Bands of 3 rows make common keys: a band whose three bins hold trigrams found in most Arabic
 * headlines ("ال", "في") is shared by thousands of unrelated titles. On the bench's 1M index
 * (bench/RESULTS.md), 19% of title entries fall under keys held by more than 64 titles (2% with 8
 * bands of 4). Their holders are noise that crowds the examined candidates out, so a lookup sets a
 * full key (one holding this many) aside: its holders are examined only for the room that the other
 * keys' holders leave, those sharing the most full keys first. A headline written more times than
 * this (all its keys full) is still matched to its latest holders, and a copy sharing only full keys
 * with its original is found while the original is among their holders.
 *
 * There, of the 2,182 real same-headline copies (in memory, `TitleIndex`): holding 128 with full keys
 * set aside found 1,898 (1,894 on Redis); holding 128 and counting every key 1,821 (1,813 on Redis), holding 64 1,702
 * (1,694); 8 bands of 4 holding 64 and counting every key 1,837 (1,834). Setting full keys aside
 * also halves the candidates a lookup meets (201 against 421). 128 costs ~2.7 bytes an article more
 * than 64 at 1M.
 */
export const MAX_TITLE_POSTINGS = 128;

const NO_SKETCH = new Uint8Array(0);

/** The sketch of a prepared headline; empty for a headline too short to ever match (see sameHeadline). */
export function sketchOfPrepared(p: Prepared): Uint8Array {
  if (p.grams.length < HEADLINE_SPEC.minShingles) return NO_SKETCH;
  const values = sketch(p.grams, HEADLINE_SPEC).values;
  const out = new Uint8Array(TITLE_SKETCH_BYTES);
  for (let i = 0; i < out.length; i++) out[i] = values[i] & 0xff;
  return out;
}

/** The band keys a title sketch is filed under (none for an empty sketch). */
export function keysOfSketch(s: Uint8Array): Uint32Array {
  return s.length === 0 ? new Uint32Array(0) : bandKeys(Uint32Array.from(s), TITLE_BANDS);
}

/** Equal bytes of two title sketches (the estimate's numerator). */
export function agreeing(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) n++;
  return n;
}

const asHeadline = (text: string): Headline => ({ role: "title", text, norm: normalizeText(text), start: -1, end: -1 });

/** A raw title's prepared form (normalized trigrams and speaker). */
export const prepareTitle = (text: string): Prepared => prepare({ articleId: "", headline: asHeadline(text) });

/** The sketch an index files a raw title by. */
export const titleSketch = (text: string | undefined): Uint8Array => (text ? sketchOfPrepared(prepareTitle(text)) : NO_SKETCH);

/** One page headline that is the title of an indexed article. */
export interface TitleMatch {
  /** Position of the headline: in the analysis's `headlines` as the API shows it, in the list asked from `confirmTitles`. */
  headline: number;
  id: string;
  title: string;
  /** Exact character-trigram Jaccard of the two, normalized. */
  similarity: number;
}

/** A candidate title an index returned for a headline. */
export interface TitleCandidate { id: string; title: string }

/**
 * Confirms index candidates: a candidate is a match only when it is the same headline (exact trigram
 * Jaccard ≥ HEADLINE_THRESHOLD and no different speaker), as the batch command's headline clusters
 * decide. Matches of each headline, best first, headlines in the order given.
 */
export function confirmTitles(headlines: Prepared[], candidates: TitleCandidate[][]): TitleMatch[] {
  const out: TitleMatch[] = [];
  const prepared = new Map<string, Prepared>();
  candidates.forEach((list, q) => {
    const h = headlines[q];
    const found: TitleMatch[] = [];
    for (const c of list) {
      let p = prepared.get(c.title);
      if (!p) { p = prepareTitle(c.title); prepared.set(c.title, p); }
      if (sameHeadline(h, p)) found.push({ headline: q, id: c.id, title: c.title, similarity: sortedJaccard(h.grams, p.grams) });
    }
    out.push(...found.sort((x, y) => y.similarity - x.similarity || compareIds(x.id, y.id)));
  });
  return out;
}

/**
 * Title sketches → ids in memory (the memory IndexStore's title index): one (band key, slot) pair
 * per band in an open-addressing table, each slot's sketch kept for ranking and compaction,
 * TITLE_SKETCH_BYTES a slot in one array (a typed array of its own per title cost ~230 bytes of
 * heap, measured). A replaced or removed title's slot is dead until the next compaction. A key holds at most
 * MAX_TITLE_POSTINGS live slots, the latest.
 */
export class TitleIndex {
  private table = new BandTable();
  private readonly slots = new SlotSet(1024);
  private readonly ids: (string | undefined)[] = [];
  private sketches = new Uint8Array(1024 * TITLE_SKETCH_BYTES);
  private readonly slotOf = new Map<string, number>();

  get size(): number { return this.slotOf.size; }

  /** Files `id` by its title sketch, replacing what it was filed by; an empty sketch removes it. */
  set(id: string, sketch: Uint8Array): void {
    this.remove(id);
    if (sketch.length === 0) return;
    if (sketch.length !== TITLE_SKETCH_BYTES) throw new RangeError(`a title sketch is ${TITLE_SKETCH_BYTES} bytes`);
    const slot = this.slots.allocate();
    this.ids[slot] = id;
    if ((slot + 1) * TITLE_SKETCH_BYTES > this.sketches.length) {
      const grown = new Uint8Array(2 * this.sketches.length);
      grown.set(this.sketches);
      this.sketches = grown;
    }
    this.sketches.set(sketch, slot * TITLE_SKETCH_BYTES);
    this.slotOf.set(id, slot);
    this.link(keysOfSketch(sketch), slot);
  }

  /** Files the slot under its keys; a key held by MAX_TITLE_POSTINGS live slots gives up its oldest. */
  private link(keys: Uint32Array, slot: number): void {
    this.table.reserve(keys.length);
    for (let b = 0; b < keys.length; b++) this.table.addLatest(keys[b], slot, MAX_TITLE_POSTINGS, this.slots.aliveFlags);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.slots.kill(slot);
    this.ids[slot] = undefined;
    if (this.slots.dead > this.slots.live && this.slots.dead > 4096) this.compact();
  }

  /**
   * Live ids whose title shares a band with the sketch, never `exclude`, each once, as every store
   * ranks them (see IndexStore.findTitles): of the TITLE_EXAMINE_LIMIT sharing the most bands (then
   * the earliest filed; a full key's holders last, see MAX_TITLE_POSTINGS), those with at least
   * TITLE_MIN_AGREEING equal sketch bytes, the most first (then more bands, then earlier), at most
   * `limit`.
   */
  query(sketch: Uint8Array, exclude: string | undefined, limit = TITLE_CANDIDATE_LIMIT): string[] {
    const keys = keysOfSketch(sketch);
    const met: number[] = [], full: number[] = [];
    const gen = this.slots.newGeneration();
    for (let b = 0; b < keys.length; b++) {
      if (this.holders(keys[b]) >= MAX_TITLE_POSTINGS) { full.push(keys[b]); continue; }
      this.meet(keys[b], gen, exclude, met);
    }
    const bands = (s: number) => this.slots.hits(s);
    const byBands = (x: number, y: number) => bands(y) - bands(x) || x - y;
    const examined = met.sort(byBands).slice(0, TITLE_EXAMINE_LIMIT);
    if (examined.length < TITLE_EXAMINE_LIMIT && full.length > 0) {
      // Full keys' holders are examined last, for the room left (see MAX_TITLE_POSTINGS): those not
      // met already, sharing the most full keys first.
      const seen = new Set(met), more: number[] = [];
      for (const key of full) this.meet(key, gen, exclude, more, seen);
      examined.push(...more.sort(byBands).slice(0, TITLE_EXAMINE_LIMIT - examined.length));
    }
    // Titles that agree in every byte rank first, in the order examined, and no later one can rank
    // before them: once `limit` of them are kept, the rest cannot change the answer.
    const kept: number[] = [], agree = new Map<number, number>();
    let whole = 0;
    for (const s of examined) {
      const eq = agreeing(sketch, this.sketchAt(s));
      if (eq < TITLE_MIN_AGREEING) continue;
      kept.push(s);
      agree.set(s, eq);
      if (eq === sketch.length && ++whole >= limit) break;
    }
    return kept.sort((x, y) => agree.get(y)! - agree.get(x)! || bands(y) - bands(x) || x - y)
      .slice(0, limit).map((s) => this.ids[s]!);
  }

  /** Live slots filed under `key`. */
  private holders(key: number): number {
    let n = 0;
    for (let c = this.table.find(key); c >= 0; c = this.table.next(key, c)) n += this.slots.aliveFlags[this.table.slotAt(c)];
    return n;
  }

  /** Counts a band shared for each live slot under `key` (not in `skip`); pushes to `met` the slots seen for the first time. */
  private meet(key: number, gen: number, exclude: string | undefined, met: number[], skip?: Set<number>): void {
    for (let c = this.table.find(key); c >= 0; c = this.table.next(key, c)) {
      const s = this.table.slotAt(c);
      if (skip?.has(s)) continue;
      if (this.slots.hit(s, gen) === 1 && this.ids[s] !== exclude) met.push(s);
    }
  }

  private compact(): void {
    this.table = new BandTable(this.slots.live * TITLE_BANDS.bands);
    this.slots.forgetDead();
    for (const s of this.slots.liveSlots()) this.link(keysOfSketch(this.sketchAt(s)), s);
  }

  private sketchAt(slot: number): Uint8Array {
    return this.sketches.subarray(slot * TITLE_SKETCH_BYTES, (slot + 1) * TITLE_SKETCH_BYTES);
  }
}
