import { joinLines } from "./body-text.js";
import type { ContentHasher } from "./content-hash.js";
import { winnow, type Fingerprints } from "./fingerprints.js";
import { extractHeadlines, type Headline } from "./headlines.js";
import type { NormalizedText } from "./normalize.js";
import { splitLines, type PageLine } from "./lines.js";
import type { PageInput } from "./page.js";
import { segmentPage, type LineRole, type Segmentation } from "./segment.js";
import { wordShingles } from "./shingle.js";
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
}

const BODY: ReadonlySet<LineRole> = new Set(["body"]);
const EMBEDDED: ReadonlySet<LineRole> = new Set(["read_also_body"]);

/** normalize → segment → shingle → sign: everything the index and the relations need. */
export function analyzePage(page: PageInput, ctx: AnalyzeContext, lines?: PageLine[]): Analysis {
  const split = lines ?? splitLines(page.text);
  if (ctx.learn) ctx.templates?.observe(page.source, split.map((l) => l.norm.text));
  const segmentation = segmentPage(page.text, { source: page.source, title: page.title, templates: ctx.templates, lines: split });
  const body = sketchText(joinLines(segmentation.lines, BODY), ctx);
  const embeddedNorm = joinLines(segmentation.lines, EMBEDDED);
  const embedded = embeddedNorm.text.length > 0 ? sketchText(embeddedNorm, ctx) : undefined;
  return { page, segmentation, body, embedded, headlines: extractHeadlines(page, segmentation) };
}

export function sketchText(norm: NormalizedText, ctx: AnalyzeContext): TextSketch {
  const sh = wordShingles(norm, ctx.spec.size, ctx.spec.seed);
  const n = sh.hashes.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) { starts[i] = norm.starts[sh.starts[i]]; ends[i] = norm.ends[sh.ends[i] - 1]; }
  const shingles = { hashes: sh.hashes, starts, ends };
  const signature = sketch(sh.hashes, ctx.spec);
  return {
    contentHash: ctx.hasher.hash(norm.text),
    signature,
    shingles,
    fingerprints: winnow(sh.hashes, starts, ends),
    matchable: signature.shingleCount >= ctx.spec.minShingles,
  };
}
