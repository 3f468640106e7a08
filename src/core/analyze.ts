import { gatherWords, type LineWords } from "./body-text.js";
import type { ContentHasher } from "./content-hash.js";
import { DEFAULT_WINNOW_WINDOW, FINGERPRINT_MASK, winnow, type Fingerprints } from "./fingerprints.js";
import { extractHeadlines, type Headline } from "./headlines.js";
import { splitLines, type PageLine } from "./lines.js";
import type { PageInput } from "./page.js";
import { segmentPage, type LineRole, type Segmentation } from "./segment.js";
import { tempI32, tempU32, type Arena } from "./scratch.js";
import { shingleHashes } from "./shingle.js";
import { sketch, type Signature } from "./signature.js";
import type { SignatureSpec } from "./signature-spec.js";
import type { TemplateMemory } from "./template-memory.js";

/** The comparable form of one text: its signature, its shingles with raw offsets, and a content hash. */
export interface TextSketch {
  contentHash: string;
  signature: Signature;
  /** Every shingle, raw offsets: used on the side being checked. */
  shingles: Fingerprints;
  /** Winnowed shingles, raw offsets: what an index keeps for evidence. */
  fingerprints: Fingerprints;
  /** Enough shingles to ever match anything. */
  matchable: boolean;
}

export interface Analysis {
  page: PageInput;
  segmentation: Segmentation;
  body: TextSketch;
  /** The article appended under a read-also header, when there is one. */
  embedded?: TextSketch;
  headlines: Headline[];
}

export interface AnalyzeContext {
  spec: SignatureSpec;
  hasher: ContentHasher;
  templates?: TemplateMemory;
  /** Record this page's lines in the template memory before labeling them. */
  learn?: boolean;
  /**
   * Where the body's signature values and fingerprints are allocated: an arena whose arrays all
   * live about as long (a batch scan keeps every article's to its end), else buffers of their own.
   */
  keep?: Arena;
}

const BODY: ReadonlySet<LineRole> = new Set(["body"]);
const EMBEDDED: ReadonlySet<LineRole> = new Set(["read_also_body"]);

/** normalize → segment → shingle → sign: everything the index and the relations need. */
export function analyzePage(page: PageInput, ctx: AnalyzeContext, lines?: PageLine[]): Analysis {
  const split = lines ?? splitLines(page.text);
  if (ctx.learn) ctx.templates?.observe(page.source, page.id, split);
  const segmentation = segmentPage(page.text, { source: page.source, title: page.title, templates: ctx.templates, lines: split });
  const body = sketchWords(gatherWords(segmentation.lines, BODY), ctx, ctx.keep);
  const embeddedWords = gatherWords(segmentation.lines, EMBEDDED);
  const embedded = embeddedWords.hashes.length > 0 ? sketchWords(embeddedWords, ctx) : undefined;
  return { page, segmentation, body, embedded, headlines: extractHeadlines(page, segmentation) };
}

/**
 * Shingles (with raw spans), signature, fingerprints and content hash of some lines' words; the
 * signature's values and the fingerprints come from `keep` when given and the text is matchable
 * (an index keeps only those: the others' arrays would stay in the arena, dead, as long as it).
 */
export function sketchWords(w: LineWords, ctx: AnalyzeContext, keep?: Arena): TextSketch {
  const count = w.hashes.length, k = ctx.spec.size;
  const hashes = shingleHashes(w.hashes, count, k, ctx.spec.seed, tempU32);
  const n = hashes.length;
  if (n < ctx.spec.minShingles) keep = undefined; // the signature's shingleCount is n
  const starts = tempI32(n);
  const ends = tempI32(n);
  for (let i = 0; i < n; i++) { starts[i] = w.raw[2 * i]; ends[i] = w.raw[2 * Math.min(count, i + k) - 1]; }
  const signature = sketch(hashes, ctx.spec, keep);
  // The signature takes the shingles' whole hashes; fingerprints and passages their low FINGERPRINT_BITS.
  for (let i = 0; i < n; i++) hashes[i] &= FINGERPRINT_MASK;
  return {
    contentHash: ctx.hasher.hashWords(w.hashes),
    signature,
    shingles: { hashes, starts, ends },
    fingerprints: winnow(hashes, starts, ends, DEFAULT_WINNOW_WINDOW, keep),
    matchable: signature.shingleCount >= ctx.spec.minShingles,
  };
}
