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
 * 8 bands of 4 rows. Measured by `npm run eval` on the 18,171 titles of the two news corpora
 * (bench/RESULTS.md): 8 × 4 finds 98.5% of rewrites that stay the same headline (trigram Jaccard
 * ≥ 0.6, same speaker) and 94.8% of the real cross-outlet copies whose titles are the same headline;
 * 8 × 5 finds 96.9% and 88.8% with ~6× fewer unrelated candidates; 12 × 4 finds 99.4% and 97.6% but
 * costs 40 more bytes an article in Redis (4 in the record, 6 in a bucket, per band). Changing them
 * changes every stored title key: the Redis key layout version goes with them.
 */
export const TITLE_BANDS: LshParams = { bands: 8, rows: 4 };

/** Titles a headline query returns at most per headline, unless it says otherwise. */
export const TITLE_CANDIDATE_LIMIT = 16;

const NO_KEYS = new Uint32Array(0);

/** The band keys of a prepared headline; none for a headline too short to ever match (see sameHeadline). */
export function keysOfPrepared(p: Prepared): Uint32Array {
  if (p.grams.length < HEADLINE_SPEC.minShingles) return NO_KEYS;
  return bandKeys(sketch(p.grams, HEADLINE_SPEC).values, TITLE_BANDS);
}

const asHeadline = (text: string): Headline => ({ role: "title", text, norm: normalizeText(text), start: -1, end: -1 });

/** A raw title's prepared form (normalized trigrams and speaker). */
export const prepareTitle = (text: string): Prepared => prepare({ articleId: "", headline: asHeadline(text) });

/** The band keys an index files a raw title under. */
export const titleKeys = (text: string | undefined): Uint32Array => (text ? keysOfPrepared(prepareTitle(text)) : NO_KEYS);

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
    out.push(...found.sort((x, y) => y.similarity - x.similarity || x.id.localeCompare(y.id)));
  });
  return out;
}

/**
 * Title band keys → ids in memory (the memory IndexStore's title index): one (key, slot) pair per
 * band in an open-addressing table, each slot's keys kept for compaction. A replaced or removed
 * title's slot is dead until the next compaction.
 */
export class TitleIndex {
  private table = new BandTable();
  private readonly slots = new SlotSet(1024);
  private readonly ids: (string | undefined)[] = [];
  private readonly keys: (Uint32Array | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();

  get size(): number { return this.slotOf.size; }

  /** Files `id` under `keys`, replacing what it was filed under; no keys removes it. */
  set(id: string, keys: Uint32Array): void {
    this.remove(id);
    if (keys.length === 0) return;
    const slot = this.slots.allocate();
    this.ids[slot] = id;
    this.keys[slot] = keys;
    this.slotOf.set(id, slot);
    this.table.addAll(keys, slot);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.slots.kill(slot);
    this.ids[slot] = undefined;
    this.keys[slot] = undefined;
    if (this.slots.dead > this.slots.live && this.slots.dead > 4096) this.compact();
  }

  /**
   * Live ids sharing a band with `keys`, never `exclude`, each once: those sharing the most bands
   * first (then the earliest filed), at most `limit`. A title that is the same headline shares more
   * bands than one that only looks like it, so the cap drops the likeliest false candidates.
   */
  query(keys: Uint32Array, exclude: string | undefined, limit = TITLE_CANDIDATE_LIMIT): string[] {
    const met: number[] = [];
    const gen = this.slots.newGeneration();
    for (let b = 0; b < keys.length; b++) {
      for (let c = this.table.find(keys[b]); c >= 0; c = this.table.next(keys[b], c)) {
        const s = this.table.slotAt(c);
        if (this.slots.hit(s, gen) === 1 && this.ids[s] !== exclude) met.push(s);
      }
    }
    return met.sort((x, y) => this.slots.hits(y) - this.slots.hits(x) || x - y).slice(0, limit).map((s) => this.ids[s]!);
  }

  private compact(): void {
    this.table = new BandTable(this.slots.live * TITLE_BANDS.bands);
    this.slots.forgetDead();
    for (const s of this.slots.liveSlots()) this.table.addAll(this.keys[s]!, s);
  }
}
