/**
 * A u32-key → list-of-slots multimap on typed arrays: open addressing for keys (0 is reserved),
 * chains of entries in parallel Int32Arrays. Appends only; callers filter dead slots.
 */
export class PostingTable {
  private keys: Uint32Array;
  private heads: Int32Array;
  private entrySlot: Int32Array = new Int32Array(1024);
  private entryNext: Int32Array = new Int32Array(1024);
  private used = 0;
  entries = 0;

  constructor(expectedKeys = 1024) {
    let cap = 1024;
    while (cap < expectedKeys * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
  }

  /** Position of a key's chain head, or -1. */
  find(key: number): number {
    const k0 = key === 0 ? 1 : key;
    const mask = this.keys.length - 1;
    for (let i = k0 & mask; ; i = (i + 1) & mask) {
      const k = this.keys[i];
      if (k === k0) return this.heads[i];
      if (k === 0) return -1;
    }
  }

  slotOf(entry: number): number { return this.entrySlot[entry]; }
  nextOf(entry: number): number { return this.entryNext[entry]; }

  add(key: number, slot: number): void {
    const k0 = key === 0 ? 1 : key;
    if ((this.used + 1) * 2 > this.keys.length) this.rehash(this.keys.length * 2);
    const mask = this.keys.length - 1;
    let i = k0 & mask;
    while (this.keys[i] !== 0 && this.keys[i] !== k0) i = (i + 1) & mask;
    if (this.keys[i] === 0) { this.keys[i] = k0; this.used++; }
    if (this.entries === this.entrySlot.length) {
      this.entrySlot = grow(this.entrySlot, this.entries * 2);
      this.entryNext = grow(this.entryNext, this.entries * 2);
    }
    this.entrySlot[this.entries] = slot;
    this.entryNext[this.entries] = this.heads[i];
    this.heads[i] = this.entries++;
  }

  clear(): void {
    this.keys.fill(0); this.heads.fill(-1);
    this.used = 0; this.entries = 0;
  }

  byteLength(): number {
    return this.keys.byteLength + this.heads.byteLength + this.entrySlot.byteLength + this.entryNext.byteLength;
  }

  private rehash(cap: number): void {
    const oldKeys = this.keys, oldHeads = this.heads;
    this.keys = new Uint32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] === 0) continue;
      let j = oldKeys[i] & mask;
      while (this.keys[j] !== 0) j = (j + 1) & mask;
      this.keys[j] = oldKeys[i];
      this.heads[j] = oldHeads[i];
    }
  }
}

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
