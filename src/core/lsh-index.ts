import { fmix32 } from "./hash.js";
import type { LshParams } from "./lsh-params.js";

/**
 * MinHash LSH on typed arrays: one open-addressing table over (band, band-hash) keys, chains of
 * entries in parallel Int32Arrays, and signatures kept in one flat Uint32Array. A removed slot is
 * skipped at query time and its entries are dropped at the next compaction.
 */
export class LshIndex {
  private keys: Uint32Array;
  private heads: Int32Array;
  private entrySlot: Int32Array = new Int32Array(1024);
  private entryNext: Int32Array = new Int32Array(1024);
  private entries = 0;
  private used = 0;
  private values: Uint32Array;
  private alive = new Uint8Array(64);
  private stamp = new Uint32Array(64);
  private generation = 0;
  private slots = 0;
  private deadEntries = 0;

  constructor(readonly numPerm: number, readonly params: LshParams, initialSlots = 1024) {
    if (params.bands * params.rows > numPerm) throw new RangeError("bands × rows exceeds numPerm");
    const cap = nextPow2(initialSlots * params.bands * 2);
    this.keys = new Uint32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    this.values = new Uint32Array(initialSlots * numPerm);
  }

  get size(): number { return this.slots; }

  /** Adds a signature and returns its slot. */
  insert(values: Uint32Array): number {
    const slot = this.slots++;
    this.reserveSlot(slot);
    this.values.set(values, slot * this.numPerm);
    this.alive[slot] = 1;
    for (let b = 0; b < this.params.bands; b++) this.link(this.bandKey(values, b), slot);
    return slot;
  }

  remove(slot: number): void {
    if (slot < this.slots && this.alive[slot]) { this.alive[slot] = 0; this.deadEntries += this.params.bands; }
    if (this.deadEntries > this.entries / 2 && this.entries > 4096) this.compact();
  }

  signature(slot: number): Uint32Array {
    return this.values.subarray(slot * this.numPerm, (slot + 1) * this.numPerm);
  }

  /** Live slots sharing at least one band with `values`, each once, at most `limit`. */
  query(values: Uint32Array, limit = 1000): number[] {
    const out: number[] = [];
    const gen = this.nextGeneration();
    for (let b = 0; b < this.params.bands && out.length < limit; b++) {
      const at = this.find(this.bandKey(values, b));
      if (at < 0) continue;
      for (let e = this.heads[at]; e >= 0 && out.length < limit; e = this.entryNext[e]) {
        const s = this.entrySlot[e];
        if (this.stamp[s] === gen || !this.alive[s]) continue;
        this.stamp[s] = gen;
        out.push(s);
      }
    }
    return out;
  }

  /** Bytes held by the typed arrays (the index's whole footprint but for the id table). */
  byteLength(): number {
    return this.keys.byteLength + this.heads.byteLength + this.entrySlot.byteLength + this.entryNext.byteLength +
      this.values.byteLength + this.alive.byteLength + this.stamp.byteLength;
  }

  private bandKey(values: Uint32Array, band: number): number {
    let h = Math.imul(band + 1, 0x9e3779b1);
    const base = band * this.params.rows;
    for (let r = 0; r < this.params.rows; r++) h = fmix32(h ^ values[base + r]);
    return h === 0 ? 1 : h;
  }

  private find(key: number): number {
    const mask = this.keys.length - 1;
    for (let i = key & mask; ; i = (i + 1) & mask) {
      const k = this.keys[i];
      if (k === key) return i;
      if (k === 0) return -1;
    }
  }

  private link(key: number, slot: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.rehash(this.keys.length * 2);
    const mask = this.keys.length - 1;
    let i = key & mask;
    while (this.keys[i] !== 0 && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.keys[i] === 0) { this.keys[i] = key; this.used++; }
    if (this.entries === this.entrySlot.length) {
      this.entrySlot = growInt32(this.entrySlot, this.entries * 2);
      this.entryNext = growInt32(this.entryNext, this.entries * 2);
    }
    this.entrySlot[this.entries] = slot;
    this.entryNext[this.entries] = this.heads[i];
    this.heads[i] = this.entries++;
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

  /** Rebuilds the tables from live slots only. */
  private compact(): void {
    this.keys.fill(0); this.heads.fill(-1);
    this.used = 0; this.entries = 0; this.deadEntries = 0;
    for (let s = 0; s < this.slots; s++) {
      if (!this.alive[s]) continue;
      const v = this.signature(s);
      for (let b = 0; b < this.params.bands; b++) this.link(this.bandKey(v, b), s);
    }
  }

  private reserveSlot(slot: number): void {
    if ((slot + 1) * this.numPerm > this.values.length) {
      const next = new Uint32Array(Math.max(this.values.length * 2, (slot + 1) * this.numPerm));
      next.set(this.values);
      this.values = next;
    }
    if (slot >= this.alive.length) {
      const a = new Uint8Array(this.alive.length * 2); a.set(this.alive); this.alive = a;
      const st = new Uint32Array(this.stamp.length * 2); st.set(this.stamp); this.stamp = st;
    }
  }

  private nextGeneration(): number {
    if (++this.generation === 0xffffffff) { this.stamp.fill(0); this.generation = 1; }
    return this.generation;
  }
}

function nextPow2(n: number): number {
  let p = 1024;
  while (p < n) p *= 2;
  return p;
}

function growInt32(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
