import { hashString } from "./hash.js";

/**
 * Cross-document template memory: lines that recur across many pages of one source are site
 * furniture even without a marker (bylines, SMS footers, disclaimers). Pure and bounded.
 */
export interface TemplateMemoryOptions {
  /** Distinct pages a short line (≤ shortWords words) must appear on; 3 keeps one-off repeats out. */
  minDocsShort: number;
  /** Distinct pages a longer line must appear on; higher, because sites reuse background paragraphs. */
  minDocsLong: number;
  shortWords: number;
  /** Lines remembered per source before new ones are ignored (memory bound). */
  maxLinesPerSource: number;
}

export const DEFAULT_TEMPLATE_OPTIONS: TemplateMemoryOptions = { minDocsShort: 3, minDocsLong: 20, shortWords: 12, maxLinesPerSource: 200_000 };

export class TemplateMemory {
  private readonly counts = new Map<string, Map<number, number>>();
  constructor(private readonly options: TemplateMemoryOptions = DEFAULT_TEMPLATE_OPTIONS) {}

  static lineKey(normLine: string): number {
    return hashString(normLine);
  }

  /** Records one page's lines (each distinct line once). */
  observe(source: string | undefined, normLines: readonly string[]): void {
    if (!source) return;
    let bySource = this.counts.get(source);
    if (!bySource) { bySource = new Map(); this.counts.set(source, bySource); }
    const seen = new Set<number>();
    for (const line of normLines) {
      if (line.length === 0) continue;
      const key = TemplateMemory.lineKey(line);
      if (seen.has(key)) continue;
      seen.add(key);
      const n = bySource.get(key);
      if (n !== undefined) bySource.set(key, n + 1);
      else if (bySource.size < this.options.maxLinesPerSource) bySource.set(key, 1);
    }
  }

  isTemplate(source: string | undefined, normLine: string, words: number): boolean {
    if (!source) return false;
    const n = this.counts.get(source)?.get(TemplateMemory.lineKey(normLine)) ?? 0;
    return n >= (words <= this.options.shortWords ? this.options.minDocsShort : this.options.minDocsLong);
  }
}
