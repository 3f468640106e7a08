import { BUCKET_LEVELS, residueBytes, type BucketKind } from "../../src/adapters/redis/redis-index-store.js";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** One entry of a bucket, its key made whole again from the bucket's prefix and the entry's residue. */
export interface BucketEntry { key: number; slot: number; weight?: number }

/**
 * Decodes a bucket (key layout in src/adapters/redis/lua/common.lua): its level and prefix from the
 * 4-character code in its name, then each entry. `problems` names what does not fit the layout: a
 * code out of range, a length that is not a whole number of entries, a residue whose high bits
 * disagree with the prefix they overlap.
 */
export function decodeBucket(name: string, kind: BucketKind, s: Buffer): { level: number; prefix: number; entries: BucketEntry[]; problems: string[] } {
  const problems: string[] = [];
  const code = name.slice(name.lastIndexOf(":") + 1);
  if (!/^[A-Za-z0-9_-]{4}$/.test(code)) problems.push(`bucket ${name}: code ${code}`);
  const h = [...code].reduce((b, c) => b * 64 + B64.indexOf(c), 0);
  const level = 31 - Math.clz32(h), prefix = h - 2 ** level;
  if (level < BUCKET_LEVELS.min || level > BUCKET_LEVELS.max[kind]) problems.push(`bucket ${name}: level ${level}`);
  const w = residueBytes(level), stride = w + (kind === "N" ? 5 : 4);
  if (s.length % stride !== 0) problems.push(`bucket ${name}: length ${s.length} is not whole entries of ${stride}`);
  const low = 32 - level, entries: BucketEntry[] = [];
  for (let p = 0; p + stride <= s.length; p += stride) {
    const residue = s.readUIntLE(p, w);
    if (Math.floor(residue / 2 ** low) !== prefix % 2 ** (8 * w - low)) problems.push(`bucket ${name}: residue ${residue} disagrees with prefix ${prefix}`);
    const key = (prefix * 2 ** low + (residue % 2 ** low)) >>> 0;
    entries.push({ key, slot: s.readUInt32LE(p + w), ...(kind === "N" ? { weight: s[p + w + 4] } : {}) });
  }
  return { level, prefix, entries, problems };
}
