import { analyzePage, type Analysis } from "./analyze.js";
import { loadContentHasher, type ContentHasher } from "./content-hash.js";
import { optimalParams, type LshParams } from "./lsh-params.js";
import { DEFAULT_THRESHOLDS, type RelationThresholds } from "./relations.js";
import { ARTICLE_SPEC, specKey, validateSpec, type SignatureSpec } from "./signature-spec.js";
import { registerSpec } from "./article-codec.js";
import type { PageInput } from "./page.js";
import { TemplateMemory } from "./template-memory.js";
import { splitLines, type PageLine } from "./lines.js";
import type { Arena } from "./scratch.js";

/** Every tunable of detection, with its default. */
export interface EngineOptions {
  spec: SignatureSpec;
  /**
   * LSH tuned for this Jaccard (0.5: 25 bands × 5 rows, a 0.99 chance of reaching a pair at
   * Jaccard 0.7). Lead-only cuts and partial copies, whose Jaccard is lower, are reached through
   * the anchor index; `npm run eval` gives the same figures at 0.3 (42 × 3) with 40% fewer band
   * entries per article.
   */
  lshThreshold: number;
  thresholds: RelationThresholds;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { spec: ARTICLE_SPEC, lshThreshold: 0.5, thresholds: DEFAULT_THRESHOLDS };

/** A ready detector configuration: spec, LSH shape, thresholds, hasher and template memory. */
export interface Engine {
  options: EngineOptions;
  lsh: LshParams;
  hasher: ContentHasher;
  templates: TemplateMemory;
  /**
   * Analyzes a page; with `learn`, its lines first join the template memory (online use); with
   * `keep`, what an index keeps of the body comes from that arena (AnalyzeContext.keep).
   */
  analyze(page: PageInput, options?: { learn?: boolean; lines?: PageLine[]; keep?: Arena }): Analysis;
  /** Splits a page and records its lines in the template memory (batch pre-pass). */
  learn(page: PageInput): PageLine[];
}

export async function createEngine(overrides: Partial<EngineOptions> = {}): Promise<Engine> {
  const options = { ...DEFAULT_ENGINE_OPTIONS, ...overrides };
  const problem = validateSpec(options.spec);
  if (problem) throw new RangeError(`invalid signature spec: ${problem}`);
  registerSpec(specKey(options.spec)); // records in a store name their spec by id: this isolate can read its own back
  const hasher = await loadContentHasher();
  const templates = new TemplateMemory();
  const lsh = optimalParams({ threshold: options.lshThreshold, numPerm: options.spec.numPerm, falsePositiveWeight: 0.3, falseNegativeWeight: 0.7 });
  return {
    options, lsh, hasher, templates,
    analyze: (page, o = {}) => analyzePage(page, { spec: options.spec, hasher, templates, learn: o.learn, keep: o.keep }, o.lines),
    learn: (page) => {
      const lines = splitLines(page.text);
      templates.observe(page.source, page.id, lines);
      return lines;
    },
  };
}
