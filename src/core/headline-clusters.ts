import type { Headline } from "./headlines.js";
import { LshIndex } from "./lsh-index.js";
import { optimalParams } from "./lsh-params.js";
import { charShingles } from "./shingle.js";
import { sketch } from "./signature.js";
import { HEADLINE_SPEC } from "./signature-spec.js";
import { UnionFind } from "./union-find.js";

export interface HeadlineRef { articleId: string; headline: Headline }
export interface HeadlineCluster { members: HeadlineRef[] }

/** Character-trigram Jaccard at which two headlines (same speaker) are the same headline. */
export const HEADLINE_THRESHOLD = 0.6;

const LABELS = new Set(["عاجل", "فيديو", "بالفيديو", "بالصور", "شاهد", "خاص", "تقرير", "breaking"]);

/** "واشنطن: حان الوقت …" → speaker "واشنطن"; a label such as "عاجل |" is not a speaker. */
export function speakerOf(raw: string): string | undefined {
  const parts = raw.split(/[:|]/);
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i].replace(/[\s•·▪●\-–—*]+/g, " ").trim();
    if (p.length === 0 || LABELS.has(p)) continue;
    return p.split(" ").length <= 4 ? p.normalize("NFKC") : undefined;
  }
  return undefined;
}

interface Prepared { ref: HeadlineRef; grams: Uint32Array; speaker?: string }

function prepare(ref: HeadlineRef): Prepared {
  const grams = Uint32Array.from(new Set(charShingles({ text: ref.headline.norm }, HEADLINE_SPEC.size, HEADLINE_SPEC.seed).hashes)).sort();
  return { ref, grams, speaker: speakerOf(ref.headline.text) };
}

export function sortedJaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0, j = 0, inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { inter++; i++; j++; } else if (a[i] < b[j]) i++; else j++;
  }
  const union = a.length + b.length - inter;
  return union === 0 ? 0 : inter / union;
}

export function sameHeadline(x: Prepared, y: Prepared, threshold = HEADLINE_THRESHOLD): boolean {
  if (x.speaker && y.speaker && x.speaker !== y.speaker) return false;
  if (x.grams.length < HEADLINE_SPEC.minShingles || y.grams.length < HEADLINE_SPEC.minShingles) return false;
  return sortedJaccard(x.grams, y.grams) >= threshold;
}

/** Groups near-duplicate headlines: LSH over trigram MinHash for candidates, exact Jaccard to confirm. */
export function clusterHeadlines(refs: HeadlineRef[], threshold = HEADLINE_THRESHOLD): HeadlineCluster[] {
  const items = refs.map(prepare);
  const index = new LshIndex(HEADLINE_SPEC.numPerm, optimalParams({ threshold: threshold - 0.15, numPerm: HEADLINE_SPEC.numPerm }), Math.max(16, items.length));
  const uf = new UnionFind(items.length);
  items.forEach((item, i) => {
    const sig = sketch(item.grams, HEADLINE_SPEC).values;
    for (const j of index.query(sig)) if (sameHeadline(item, items[j], threshold)) uf.union(i, j);
    index.insert(sig);
  });
  return uf.groups().map((g) => ({ members: g.map((i) => items[i].ref) }));
}
