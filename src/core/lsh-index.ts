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
 * MinHash LSH on typed arrays: one (band key, slot) pair per band in one open-addressing table
 * (the band number is mixed into the key), signatures in fixed-size Uint32Array chunks. A removed slot is
 * skipped at query time and dropped at the next compaction. `initialSlots` pre-sizes the band table.
 */
export class LshIndex {
  private readonly table: BandTable;
  /** Signatures in chunks of `chunkSlots` (a power of two up to 4096), so growth never copies them. */
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
    const chunk = slot >>> this.chunkShift;
    while (this.chunks.length <= chunk) this.chunks.push(new Uint32Array((this.numPerm << this.chunkShift)));
    this.chunks[chunk].set(values, (slot & ((1 << this.chunkShift) - 1)) * this.numPerm);
    this.table.addAll(this.keysOf(values), slot);
    return slot;
  }

  remove(slot: number): void {
    this.slots.kill(slot);
    if (this.slots.dead > this.slots.live && this.slots.dead > 4096) this.compact();
  }

  signature(slot: number): Uint32Array {
    const at = (slot & ((1 << this.chunkShift) - 1)) * this.numPerm;
    return this.chunks[slot >>> this.chunkShift].subarray(at, at + this.numPerm);
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
    for (const s of this.slots.liveSlots()) {
      const v = this.signature(s);
      this.table.addAll(this.keysOf(v), s);
    }
  }
}
