/**
 * A u32-key → slot multimap for LSH bands: (key, slot) pairs interleaved in one Uint32Array, open
 * addressing with linear probing. Every pair takes its own cell, so a key's slots sit in the probe
 * run after its home cell; a lookup walks that run to the first empty cell. Keys are taken as u32; key 0
 * marks an empty cell and is stored as 1. 8 bytes per pair at ≤ 75% load; no per-key or per-chain overhead.
 */
export class BandTable {
  private cells: Uint32Array;
  private mask: number;
  entries = 0;

  constructor(expectedEntries = 1024) {
    let cap = 1024;
    while (cap * 0.75 < expectedEntries) cap *= 2;
    this.cells = new Uint32Array(cap * 2);
    this.mask = cap - 1;
  }

  get capacity(): number { return this.mask + 1; }

  add(key: number, slot: number): void {
    if (this.entries + 1 > (this.mask + 1) * 0.75) this.rehash((this.mask + 1) * 2);
    place(this.cells, this.mask, (key >>> 0) || 1, slot);
    this.entries++;
  }

  /** The first cell holding `key` (pass the result to `slotAt` and `next`), or -1. */
  find(key: number): number {
    const k0 = (key >>> 0) || 1;
    return this.scan(k0, k0 & this.mask);
  }

  /** The next cell after `cell` holding `key`, or -1. */
  next(key: number, cell: number): number {
    return this.scan((key >>> 0) || 1, (cell + 1) & this.mask);
  }

  /**
   * Reads the home cell of every key without branching on the values, so the CPU overlaps the
   * cache misses; a following `add` or `find` over the same keys then hits cache. Returns a value
   * only so the reads are not optimized away.
   */
  touch(keys: Uint32Array): number {
    const cells = this.cells, mask = this.mask;
    let x = 0;
    for (let i = 0; i < keys.length; i++) x ^= cells[2 * ((keys[i] || 1) & mask)];
    return x;
  }

  slotAt(cell: number): number { return this.cells[2 * cell + 1]; }

  /** Room for `n` more pairs without growing (call before `addLatest`). */
  reserve(n: number): void {
    while (this.entries + n > (this.mask + 1) * 0.75) this.rehash((this.mask + 1) * 2);
  }

  /**
   * Adds (key, slot) unless `cap` live slots (`alive[s] === 1`) already hold the key; then the cell
   * of its oldest (lowest) live slot takes `slot` instead. One walk of the key's probe run, the walk
   * a plain add makes anyway. Call `reserve` first.
   */
  addLatest(key: number, slot: number, cap: number, alive: Uint8Array): void {
    const cells = this.cells, mask = this.mask, k0 = (key >>> 0) || 1;
    let live = 0, oldest = -1, oldestSlot = 0;
    let i = k0 & mask;
    for (let k = cells[2 * i]; k !== 0; i = (i + 1) & mask, k = cells[2 * i]) {
      if (k !== k0) continue;
      const s = cells[2 * i + 1];
      if (alive[s] !== 1) continue;
      live++;
      if (oldest < 0 || s < oldestSlot) { oldest = i; oldestSlot = s; }
    }
    if (live < cap) { cells[2 * i] = k0; cells[2 * i + 1] = slot; this.entries++; }
    else cells[2 * oldest + 1] = slot;
  }

  private scan(k0: number, from: number): number {
    const cells = this.cells, mask = this.mask;
    for (let i = from; ; i = (i + 1) & mask) {
      const k = cells[2 * i];
      if (k === k0) return i;
      if (k === 0) return -1;
    }
  }

  clear(): void {
    this.cells.fill(0);
    this.entries = 0;
  }

  byteLength(): number { return this.cells.byteLength; }

  private rehash(cap: number): void {
    const old = this.cells;
    this.cells = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) place(this.cells, this.mask, old[i], old[i + 1]);
  }
}

function place(cells: Uint32Array, mask: number, k0: number, slot: number): void {
  let i = k0 & mask;
  while (cells[2 * i] !== 0) i = (i + 1) & mask;
  cells[2 * i] = k0;
  cells[2 * i + 1] = slot;
}
