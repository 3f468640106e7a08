/** Dense slot numbers with liveness, and per-query dedup stamps (no allocation per query). */
export class SlotSet {
  private alive: Uint8Array;
  private stamp: Uint32Array;
  private count: Uint16Array;
  private generation = 0;
  private next = 0;
  live = 0;
  dead = 0;

  constructor(initial = 1024) {
    this.alive = new Uint8Array(initial);
    this.stamp = new Uint32Array(initial);
    this.count = new Uint16Array(initial);
  }

  allocate(): number {
    const slot = this.next++;
    if (slot >= this.alive.length) {
      const n = this.alive.length * 2;
      const a = new Uint8Array(n); a.set(this.alive); this.alive = a;
      const s = new Uint32Array(n); s.set(this.stamp); this.stamp = s;
      const c = new Uint16Array(n); c.set(this.count); this.count = c;
    }
    this.alive[slot] = 1;
    this.live++;
    return slot;
  }

  kill(slot: number): void {
    if (slot < this.next && this.alive[slot]) { this.alive[slot] = 0; this.live--; this.dead++; }
  }

  isAlive(slot: number): boolean { return this.alive[slot] === 1; }

  /** The live flags by slot (1 = live), for a caller's tight loop; replaced when slots grow, so read it again after `allocate`. */
  get aliveFlags(): Uint8Array { return this.alive; }

  forgetDead(): void { this.dead = 0; }

  *liveSlots(): Iterable<number> {
    for (let s = 0; s < this.next; s++) if (this.alive[s]) yield s;
  }

  newGeneration(): number {
    if (++this.generation === 0xffffffff) { this.stamp.fill(0); this.generation = 1; }
    return this.generation;
  }

  /** True the first time a live slot is seen in this generation. */
  mark(slot: number, gen: number): boolean {
    if (this.stamp[slot] === gen || !this.alive[slot]) return false;
    this.stamp[slot] = gen;
    return true;
  }

  /** Counts hits of a live slot in this generation; returns the new count (0 for a dead slot). */
  hit(slot: number, gen: number): number {
    if (!this.alive[slot]) return 0;
    if (this.stamp[slot] !== gen) { this.stamp[slot] = gen; this.count[slot] = 0; }
    if (this.count[slot] < 0xffff) this.count[slot]++;
    return this.count[slot];
  }

  /** The hit count a live slot reached in the current generation. */
  hits(slot: number): number { return this.count[slot]; }

  byteLength(): number { return this.alive.byteLength + this.stamp.byteLength + this.count.byteLength; }
}
