/**
 * Where each hash of one text sits: an open-addressing table (keys; heads, the first position) and
 * per position the next one with the same hash, ascending. It is built once for the text being
 * checked and probed with each candidate's fingerprints: a candidate keeps about 2/7 of its
 * shingles, so this looks up a third as many hashes as probing a table of the candidate with the
 * checked text's every shingle, and builds one table a check instead of one a candidate.
 */
export class HashPositions {
  readonly keys: Uint32Array;
  readonly heads: Int32Array;
  readonly next: Int32Array;
  /** Per slot, how often this text holds its hash. */
  readonly own: Int32Array;
  /** Per slot, how often the text aligned against it holds its hash (zero between alignments). */
  readonly held: Int32Array;
  readonly mask: number;

  /** `buf`: where the arrays go (a scratch buffer), else a buffer of their own. */
  constructor(readonly hashes: Uint32Array, buf?: ArrayBuffer) {
    const size = tableSize(hashes.length);
    buf ??= new ArrayBuffer(bytesFor(hashes.length));
    this.keys = new Uint32Array(buf, 0, size);
    this.heads = new Int32Array(buf, 4 * size, size).fill(-1);
    this.own = new Int32Array(buf, 8 * size, size);
    this.held = new Int32Array(buf, 12 * size, size).fill(0);
    this.next = new Int32Array(buf, 16 * size, hashes.length);
    this.mask = size - 1;
    for (let i = hashes.length - 1; i >= 0; i--) {
      const s = this.slotFor(hashes[i]);
      if (this.heads[s] === -1) { this.keys[s] = hashes[i]; this.own[s] = 0; }
      this.next[i] = this.heads[s];
      this.heads[s] = i;
      this.own[s]++;
    }
  }

  /** The slot of hash h: its own, or the empty one where it would go. */
  slotFor(h: number): number {
    const { keys, heads, mask } = this;
    let s = Math.imul(h, 0x9e3779b1) & mask;
    while (heads[s] !== -1 && keys[s] !== h) s = (s + 1) & mask;
    return s;
  }
}

const tableSize = (n: number) => { let size = 16; while (size < 2 * n) size *= 2; return size; };
/** Bytes HashPositions takes for a text of n hashes. */
export const bytesFor = (n: number) => 16 * tableSize(n) + 4 * n;
