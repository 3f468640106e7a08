import { anchorOverlap, anchorWeight, MAX_ANCHOR_POSTINGS, MIN_ANCHOR_OVERLAP, sharedNeeded } from "./anchors.js";
import { PostingTable } from "./posting-table.js";
import { SlotSet } from "./slot-set.js";

/** A chain is followed this far at most (dead postings wait in it until compaction). */
const MAX_POSTINGS = 4 * MAX_ANCHOR_POSTINGS;

/**
 * Inverted index from anchor hashes to slots. A slot is a candidate once it shares the anchors a
 * pair needs (see sharedNeeded) and enough of the smaller side's anchor weight (see anchorOverlap);
 * candidates come best first.
 */
export class AnchorIndex {
  private readonly table = new PostingTable(4096);
  private readonly slots = new SlotSet();
  /** Each slot's anchor weight, capped at 255 (as the Redis store keeps it). */
  private sizes = new Uint8Array(1024);
  /** `anchorsFor` gives a live slot's anchors again when the table is compacted (they are not kept here). */
  constructor(private readonly anchorsFor: (slot: number) => Uint32Array) {}

  add(anchors: Uint32Array): number {
    const slot = this.slots.allocate();
    if (slot >= this.sizes.length) { const n = new Uint8Array(2 * slot); n.set(this.sizes); this.sizes = n; }
    this.sizes[slot] = Math.min(anchorWeight(anchors), 255);
    this.link(anchors, slot);
    return slot;
  }

  /** Indexes the slot under each anchor that fewer than MAX_ANCHOR_POSTINGS live articles hold. */
  private link(anchors: Uint32Array, slot: number): void {
    for (const a of anchors) {
      let live = 0;
      for (let e = this.table.find(a); e >= 0 && live < MAX_ANCHOR_POSTINGS; e = this.table.nextOf(e)) if (this.slots.isAlive(this.table.slotOf(e))) live++;
      if (live < MAX_ANCHOR_POSTINGS) this.table.add(a, slot);
    }
  }

  remove(slot: number): void {
    this.slots.kill(slot);
    if (this.slots.dead > this.slots.live && this.slots.dead > 4096) this.compact();
  }

  query(anchors: Uint32Array, limit = 200, minOverlap = MIN_ANCHOR_OVERLAP): number[] {
    const found: number[] = [];
    const weight = anchorWeight(anchors);
    const gen = this.slots.newGeneration();
    for (const a of anchors) {
      let seen = 0;
      for (let e = this.table.find(a); e >= 0 && seen < MAX_POSTINGS; e = this.table.nextOf(e), seen++) {
        const s = this.table.slotOf(e);
        if (this.slots.hit(s, gen) === sharedNeeded(weight, this.sizes[s])) found.push(s);
      }
    }
    if (found.length === 0) return found;
    const scored: { slot: number; overlap: number }[] = [];
    for (const slot of found) {
      const overlap = anchorOverlap(this.slots.hits(slot), weight, this.sizes[slot]);
      if (overlap >= minOverlap) scored.push({ slot, overlap });
    }
    scored.sort((x, y) => y.overlap - x.overlap || x.slot - y.slot);
    return scored.slice(0, limit).map((c) => c.slot);
  }

  byteLength(): number {
    return this.table.byteLength() + this.slots.byteLength() + this.sizes.byteLength;
  }

  private compact(): void {
    this.table.clear();
    this.slots.forgetDead();
    for (const s of this.slots.liveSlots()) this.link(this.anchorsFor(s), s);
  }
}
