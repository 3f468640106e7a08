import { fmix32 } from "./hash.js";
import type { LshParams } from "./lsh-params.js";
import { BandTable } from "./band-table.js";
import { SlotSet } from "./slot-set.js";

/**
 * The key of one band: its rows' values (already uniform hash values) folded by multiply–xorshift
 * steps, seeded with the band number so equal rows in other bands differ, and finalized once.
 * Changing this derivation changes every stored band key: the Redis key layout version goes with it.
 */
export function bandKey(values: Uint32Array, band: number, rows: number): number {
  let h = Math.imul(band + 1, 0x9e3779b1);
  const base = band * rows;
  for (let r = 0; r < rows; r++) {
    h = Math.imul(h ^ values[base + r], 0x85ebca6b);
    h ^= h >>> 15;
  }
  return fmix32(h);
}

export function bandKeys(values: Uint32Array, p: LshParams): Uint32Array {
  const out = new Uint32Array(p.bands);
  for (let b = 0; b < p.bands; b++) out[b] = bandKey(values, b, p.rows);
  return out;
}

/**
 * A band key holds at most this many live articles, the latest written: a story copied thousands of
 * times shares every band key, and without a bound each copy's insert walked, and each query read,
 * a run of entries growing with the copies. A new copy takes the place of the key's oldest holder,
 * so a query finds the latest copies (linked to the earlier ones when they were written), and
 * removing the oldest copies, as a retention policy does, leaves the later ones findable.
 */
export const MAX_BAND_POSTINGS = 64;

/**
 * MinHash LSH on typed arrays: one (band key, slot) pair per band in one open-addressing table
 * (the band number is mixed into the key), each slot's band keys in fixed-size Uint32Array chunks
 * (a compaction links them again; 4 bytes a band, where the signature took 4 a value: 100 bytes
 * an article at 25 bands, not 512). A removed slot is skipped at query time and dropped at the
 * next compaction. `initialSlots` pre-sizes the band table. A band key holds at most
 * MAX_BAND_POSTINGS live slots, the latest.
 */
export class LshIndex {
  private readonly table: BandTable;
  /** Band keys in chunks of 2^chunkShift slots (up to 4096), so growth never copies them. */
  private readonly chunks: Uint32Array[] = [];
  private readonly chunkShift: number;
  private readonly slots: SlotSet;
  private readonly keys: Uint32Array;
  /** Sink for BandTable.touch, so its reads stay. */
  private touched = 0;

  constructor(readonly numPerm: number, readonly params: LshParams, initialSlots = 1024) {
    if (params.bands * params.rows > numPerm) throw new RangeError("bands × rows exceeds numPerm");
    this.table = new BandTable(initialSlots * params.bands);
    this.slots = new SlotSet(initialSlots);
    this.chunkShift = Math.min(12, Math.max(4, Math.ceil(Math.log2(Math.max(1, initialSlots)))));
    this.keys = new Uint32Array(params.bands);
  }

  get size(): number { return this.slots.live; }

  /** Adds a signature and returns its slot. */
  insert(values: Uint32Array): number {
    const slot = this.slots.allocate();
    const chunk = slot >>> this.chunkShift, bands = this.params.bands;
    while (this.chunks.length <= chunk) this.chunks.push(new Uint32Array(bands << this.chunkShift));
    const keys = this.keysOf(values);
    this.chunks[chunk].set(keys, (slot & ((1 << this.chunkShift) - 1)) * bands);
    this.link(keys, slot);
    return slot;
  }

  /**
   * Adds the slot under each of its band keys; a key already held by MAX_BAND_POSTINGS live slots
   * gives the cell of its oldest (lowest) live slot to this one instead.
   */
  private link(keys: Uint32Array, slot: number): void {
    const table = this.table, alive = this.slots.aliveFlags;
    table.reserve(keys.length);
    for (let b = 0; b < keys.length; b++) table.addLatest(keys[b], slot, MAX_BAND_POSTINGS, alive);
  }

  remove(slot: number): void {
    this.slots.kill(slot);
    if (this.slots.dead > this.slots.live && this.slots.dead > 4096) this.compact();
  }

  /** The band keys a slot was linked under. */
  private keysAt(slot: number): Uint32Array {
    const bands = this.params.bands, at = (slot & ((1 << this.chunkShift) - 1)) * bands;
    return this.chunks[slot >>> this.chunkShift].subarray(at, at + bands);
  }

  /** Live slots sharing at least one band with `values`, each once, at most `limit`. */
  query(values: Uint32Array, limit = 1000): number[] {
    const out: number[] = [];
    const gen = this.slots.newGeneration();
    const keys = this.keysOf(values);
    for (let b = 0; b < keys.length && out.length < limit; b++) {
      const key = keys[b];
      for (let c = this.table.find(key); c >= 0 && out.length < limit; c = this.table.next(key, c)) {
        const s = this.table.slotAt(c);
        if (this.slots.mark(s, gen)) out.push(s);
      }
    }
    return out;
  }

  byteLength(): number {
    return this.table.byteLength() + this.chunks.reduce((n, c) => n + c.byteLength, 0) + this.slots.byteLength();
  }

  /** The band keys of `values` in a scratch array, their home cells already being fetched. */
  private keysOf(values: Uint32Array): Uint32Array {
    const keys = this.keys, rows = this.params.rows;
    for (let b = 0; b < keys.length; b++) keys[b] = bandKey(values, b, rows);
    this.touched ^= this.table.touch(keys);
    return keys;
  }

  private compact(): void {
    this.table.clear();
    this.slots.forgetDead();
    for (const s of this.slots.liveSlots()) this.link(this.keysAt(s), s);
  }
}
