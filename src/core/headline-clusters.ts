import type { Headline } from "./headlines.js";
import { LshIndex } from "./lsh-index.js";
import { normalizeText } from "./normalize.js";
import { optimalParams } from "./lsh-params.js";
import { charGrams } from "./shingle.js";
import { sketch } from "./signature.js";
import { HEADLINE_SPEC } from "./signature-spec.js";
import { UnionFind } from "./union-find.js";

export interface HeadlineRef { articleId: string; headline: Headline }
export interface HeadlineCluster { members: HeadlineRef[] }

/** Character-trigram Jaccard at which two headlines (same speaker) are the same headline. */
export const HEADLINE_THRESHOLD = 0.6;

const LABELS = new Set(["عاجل", "فيديو", "بالفيديو", "بالصور", "شاهد", "خاص", "تقرير", "breaking"].map(normalizeText));

/**
 * "واشنطن: حان الوقت …" → speaker "واشنطن", normalized as the headline is, so a re-typed speaker
 * ("الخارجيّة الأمريكية" / "الخارجيه الامريكيه") is the same one; a label such as "عاجل |" is not a speaker.
 */
export function speakerOf(raw: string): string | undefined {
  const parts = raw.split(/[:|：｜]/);
  for (let i = 0; i < parts.length - 1; i++) {
    const p = normalizeText(parts[i]); // bullets, dashes and marks around it are gone
    if (p.length === 0 || LABELS.has(p)) continue;
    return p.split(" ").length <= 4 ? p : undefined;
  }
  return undefined;
}

export interface Prepared { ref: HeadlineRef; grams: Uint32Array; speaker?: string }

/** Headlines with the same key are one headline: the same normalized text from the same speaker (or none). */
export const identityKey = (speaker: string | undefined, norm: string): string => (speaker ?? "") + "\u0000" + norm; // a speaker is never empty

/** A headline's distinct character trigrams (sorted) and speaker: what `sameHeadline` compares. */
export function prepare(ref: HeadlineRef): Prepared {
  return prepareWith(ref, speakerOf(ref.headline.text));
}

function prepareWith(ref: HeadlineRef, speaker: string | undefined): Prepared {
  const grams = charGrams(ref.headline.norm, HEADLINE_SPEC.size, HEADLINE_SPEC.seed);
  return { ref, grams, speaker };
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

/**
 * Groups near-duplicate headlines: LSH over trigram MinHash for candidates, exact Jaccard to confirm.
 * Identical headlines (the same normalized text and speaker) are one item: a story's headline recurs
 * in the related lists of many pages, and each copy was compared with every earlier one, quadratic
 * in the copies (measured in bench/RESULTS.md). A headline too short to match anything stays alone,
 * as `sameHeadline` leaves it. Groups of two or more headlines, each in input order, by first member.
 */
export function clusterHeadlines(refs: HeadlineRef[], threshold = HEADLINE_THRESHOLD): HeadlineCluster[] {
  const items: Prepared[] = [];
  const itemOf = new Int32Array(refs.length).fill(-1);
  const byKey = new Map<string, number>();
  refs.forEach((ref, r) => {
    const speaker = speakerOf(ref.headline.text);
    const key = identityKey(speaker, ref.headline.norm);
    let i = byKey.get(key);
    if (i === undefined) {
      const item = prepareWith(ref, speaker);
      i = item.grams.length < HEADLINE_SPEC.minShingles ? -1 : items.push(item) - 1;
      byKey.set(key, i);
    }
    itemOf[r] = i;
  });
  const index = new LshIndex(HEADLINE_SPEC.numPerm, optimalParams({ threshold: threshold - 0.15, numPerm: HEADLINE_SPEC.numPerm }), Math.max(16, items.length));
  const uf = new UnionFind(items.length);
  items.forEach((item, i) => {
    const sig = sketch(item.grams, HEADLINE_SPEC).values;
    for (const j of index.query(sig)) if (uf.find(i) !== uf.find(j) && sameHeadline(item, items[j], threshold)) uf.union(i, j);
    index.insert(sig);
  });
  const groups = new Map<number, HeadlineRef[]>();
  refs.forEach((ref, r) => {
    if (itemOf[r] < 0) return;
    const root = uf.find(itemOf[r]);
    const g = groups.get(root);
    if (g) g.push(ref); else groups.set(root, [ref]);
  });
  return [...groups.values()].filter((g) => g.length > 1).map((members) => ({ members }));
}
