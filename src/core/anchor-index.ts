import { PostingTable } from "./posting-table.js";
import { SlotSet } from "./slot-set.js";

/** Postings longer than this belong to boilerplate phrases: they are not followed. */
const MAX_POSTINGS = 2000;

/** Inverted index from anchor hashes to slots; a slot is a candidate once it shares `minShared` anchors. */
export class AnchorIndex {
  private readonly table = new PostingTable(4096);
  private readonly slots = new SlotSet();
  /** `anchorsFor` gives a live slot's anchors again when the table is compacted (they are not kept here). */
  constructor(private readonly anchorsFor: (slot: number) => Uint32Array) {}

  add(anchors: Uint32Array): number {
    const slot = this.slots.allocate();
    for (const a of anchors) this.table.add(a, slot);
    return slot;
  }

  remove(slot: number): void {
    this.slots.kill(slot);
    if (this.slots.dead > this.slots.live && this.slots.dead > 4096) this.compact();
  }

  query(anchors: Uint32Array, minShared = 2, limit = 200): number[] {
    const out: number[] = [];
    const gen = this.slots.newGeneration();
    for (const a of anchors) {
      let seen = 0;
      for (let e = this.table.find(a); e >= 0 && seen < MAX_POSTINGS; e = this.table.nextOf(e), seen++) {
        const s = this.table.slotOf(e);
        if (this.slots.hit(s, gen) === minShared) { out.push(s); if (out.length >= limit) return out; }
      }
    }
    return out;
  }

  byteLength(): number {
    return this.table.byteLength() + this.slots.byteLength();
  }

  private compact(): void {
    this.table.clear();
    this.slots.forgetDead();
    for (const s of this.slots.liveSlots()) for (const a of this.anchorsFor(s)) this.table.add(a, s);
  }
}
