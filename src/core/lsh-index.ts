import { fmix32 } from "./hash.js";
import type { LshParams } from "./lsh-params.js";
import { PostingTable } from "./posting-table.js";
import { SlotSet } from "./slot-set.js";

/** The key of one band: its rows' values mixed with the band number (so equal rows in other bands differ). */
export function bandKey(values: Uint32Array, band: number, rows: number): number {
  let h = Math.imul(band + 1, 0x9e3779b1);
  const base = band * rows;
  for (let r = 0; r < rows; r++) h = fmix32(h ^ values[base + r]);
  return h;
}

export function bandKeys(values: Uint32Array, p: LshParams): Uint32Array {
  const out = new Uint32Array(p.bands);
  for (let b = 0; b < p.bands; b++) out[b] = bandKey(values, b, p.rows);
  return out;
}

/**
 * MinHash LSH on typed arrays: (band, band-hash) keys in one posting table, signatures in one flat
 * Uint32Array. A removed slot is skipped at query time and dropped at the next compaction.
 */
export class LshIndex {
  private readonly table: PostingTable;
  private values: Uint32Array;
  private readonly slots: SlotSet;

  constructor(readonly numPerm: number, readonly params: LshParams, initialSlots = 1024) {
    if (params.bands * params.rows > numPerm) throw new RangeError("bands × rows exceeds numPerm");
    this.table = new PostingTable(initialSlots * params.bands);
    this.values = new Uint32Array(initialSlots * numPerm);
    this.slots = new SlotSet(initialSlots);
  }

  get size(): number { return this.slots.live; }

  /** Adds a signature and returns its slot. */
  insert(values: Uint32Array): number {
    const slot = this.slots.allocate();
    if ((slot + 1) * this.numPerm > this.values.length) {
      const next = new Uint32Array(Math.max(this.values.length * 2, (slot + 1) * this.numPerm));
      next.set(this.values);
      this.values = next;
    }
    this.values.set(values, slot * this.numPerm);
    for (let b = 0; b < this.params.bands; b++) this.table.add(this.bandKey(values, b), slot);
    return slot;
  }

  remove(slot: number): void {
    this.slots.kill(slot);
    if (this.slots.dead > this.slots.live && this.slots.dead > 4096) this.compact();
  }

  signature(slot: number): Uint32Array {
    return this.values.subarray(slot * this.numPerm, (slot + 1) * this.numPerm);
  }

  /** Live slots sharing at least one band with `values`, each once, at most `limit`. */
  query(values: Uint32Array, limit = 1000): number[] {
    const out: number[] = [];
    const gen = this.slots.newGeneration();
    for (let b = 0; b < this.params.bands && out.length < limit; b++) {
      for (let e = this.table.find(this.bandKey(values, b)); e >= 0 && out.length < limit; e = this.table.nextOf(e)) {
        const s = this.table.slotOf(e);
        if (this.slots.mark(s, gen)) out.push(s);
      }
    }
    return out;
  }

  byteLength(): number {
    return this.table.byteLength() + this.values.byteLength + this.slots.byteLength();
  }

  private bandKey(values: Uint32Array, band: number): number {
    return bandKey(values, band, this.params.rows);
  }

  private compact(): void {
    this.table.clear();
    this.slots.forgetDead();
    for (const s of this.slots.liveSlots()) {
      const v = this.signature(s);
      for (let b = 0; b < this.params.bands; b++) this.table.add(this.bandKey(v, b), s);
    }
  }
}
