import { combine, fmix32, hashString } from "./hash.js";

const LINE_SEED = 0x6c696e65;

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
  /**
   * Lines remembered per source (memory bound). When full, the lines seen on one page only are
   * forgotten (most lines of a site are one-off story lines), so the memory keeps learning.
   */
  maxLinesPerSource: number;
  /**
   * Page ids remembered per source, so that a page sent again (a retry, an unchanged re-send, a
   * revision) is not counted again; when full, the set starts over (memory bound).
   */
  maxPagesPerSource: number;
  /** Template lines adopted from other processes per source (memory bound; a site has tens to hundreds). */
  maxAdoptedPerSource: number;
  /**
   * Sources whose lines are counted (memory bound): past it, the source observed least recently is
   * forgotten. `source` should name an outlet; a producer that sends each article's URL as its
   * source would otherwise add ~0.7 KB a page for good (measured) to the API and every worker alike.
   */
  maxSources: number;
}

/**
 * The rooms bound each source: one source fed past its room held ~11 MB with 200,000 lines and
 * pages, ~1 MB with these (heap after GC, measured), so hundreds of busy sources stay under a
 * gigabyte. A site's template lines recur on every page and outlive each clearing of the room; the
 * eval's figures are the same with either room. 20,000 sources of a few pages each take ~17 MB.
 */
export const DEFAULT_TEMPLATE_OPTIONS: TemplateMemoryOptions = { minDocsShort: 3, minDocsLong: 20, shortWords: 12, maxLinesPerSource: 50_000, maxPagesPerSource: 20_000, maxAdoptedPerSource: 20_000, maxSources: 20_000 };

/** Lines of one source that became templates. */
export interface TemplateLines {
  source: string;
  keys: number[];
}

/**
 * Several processes (API and workers over one Redis) each see part of the pages. Each counts what it
 * sees; a line that reaches its threshold in one process is a "promotion", which an adapter shares,
 * and every process "adopts" the lines others promoted: isTemplate holds for them too.
 */
export class TemplateMemory {
  /**
   * Per source, least recently observed first: line counts by key, and 32-bit hashes of the page
   * ids counted (a collision, ~1 in 200k at 20k pages, skips one page).
   */
  private readonly sources = new Map<string, { counts: LineCounts; pages: Set<number> }>();
  private readonly adopted = new Map<string, Set<number>>();
  /** Promotions not yet taken, by source; recorded only once sharing is on (nothing else would take them). */
  private promoted: Map<string, Set<number>> | undefined;
  constructor(private readonly options: TemplateMemoryOptions = DEFAULT_TEMPLATE_OPTIONS) {}

  /** From now on, record promotions for `takePromoted` (an adapter that shares them calls this). */
  recordPromotions(): void {
    this.promoted ??= new Map();
  }

  /** The lines that became templates here since the last call. */
  takePromoted(): TemplateLines[] {
    if (!this.promoted || this.promoted.size === 0) return [];
    const out = [...this.promoted].map(([source, keys]) => ({ source, keys: [...keys] }));
    this.promoted.clear();
    return out;
  }

  /** Lines of `source` that other processes found to be templates (replaces what was adopted for it). */
  adopt(source: string, keys: Iterable<number>): void {
    const set = new Set<number>();
    for (const k of keys) { if (set.size >= this.options.maxAdoptedPerSource) break; set.add(k >>> 0); }
    this.adopted.set(source, set);
  }

  /** Lines of `source` adopted so far. */
  adoptedCount(source: string): number {
    return this.adopted.get(source)?.size ?? 0;
  }

  /** The key of a line from its word hashes `words[from, to)` (as `normalizePage` gives them). */
  static keyOfWords(words: Uint32Array, from: number, to: number): number {
    let h = LINE_SEED;
    for (let i = from; i < to; i++) h = combine(h, words[i]);
    return fmix32(h);
  }

  /**
   * Records one page's lines by key (each distinct line once; lines without words are skipped).
   * A page id already counted for this source is not counted again: the same page sent three
   * times must not make its own short lines look like the site's furniture. Nor is a sentence (a
   * line ending as one) counted again for another copy of the story that counted it (`storyOf`): an
   * outlet that files one story under three sections, as France 24 and Sky News Arabia did in the
   * ANT corpus, made the story's short sentences its furniture and took them out of the story's
   * later copies. Other lines still count once a copy: a columnist's signature lines (an address, a
   * reply code) recur only on copies of one column in a short window, and are furniture all the same.
   */
  observe(source: string | undefined, pageId: string, lines: readonly { key: number; words: number; terminal?: boolean }[]): void {
    if (!source) return;
    let state = this.sources.get(source);
    if (state) this.sources.delete(source); // set again below: the most recently observed last
    else {
      if (this.sources.size >= this.options.maxSources) this.sources.delete(this.sources.keys().next().value!);
      state = { counts: new LineCounts(), pages: new Set() };
    }
    this.sources.set(source, state);
    const { counts: bySource, pages: seenPages } = state;
    const page = hashString(pageId);
    if (seenPages.has(page)) return;
    if (seenPages.size >= this.options.maxPagesPerSource) seenPages.clear();
    seenPages.add(page);
    bySource.nextPage();
    const story = this.storyOf(bySource, lines);
    for (const line of lines) {
      if (line.words === 0) continue;
      const key = line.key;
      const n = bySource.count(key, this.options.maxLinesPerSource, line.terminal ? story : 0);
      if (n === 0) continue; // this page counted the line already
      if (this.promoted && n === this.threshold(line.words) && !this.adopted.get(source)?.has(key)) {
        let keys = this.promoted.get(source);
        if (!keys) { keys = new Set(); this.promoted.set(source, keys); }
        keys.add(key);
      }
    }
  }

  /**
   * Which story a page tells, as far as its long lines show: the least key among its lines longer
   * than `shortWords` that no two stories of the source have shared yet (count under 2), or 0 for a
   * page with none (it is then counted as a story of its own). Copies of a story share its
   * paragraphs, so they agree; a long line every page carries (a disclaimer) is left out once two
   * stories have counted it, so it cannot make different stories agree. A lightly edited copy
   * agrees unless the edit touched the paragraph with the least key.
   */
  private storyOf(counts: LineCounts, lines: readonly { key: number; words: number }[]): number {
    let story = 0;
    for (const line of lines) {
      if (line.words <= this.options.shortWords) continue;
      const k = line.key === 0 ? 1 : line.key; // as LineCounts files it
      if ((story === 0 || k < story) && counts.get(k) < 2) story = k;
    }
    return story;
  }

  isTemplate(source: string | undefined, key: number, words: number): boolean {
    if (!source) return false;
    const n = this.sources.get(source)?.counts.get(key) ?? 0;
    return n >= this.threshold(words) || (this.adopted.size > 0 && (this.adopted.get(source)?.has(key) ?? false));
  }

  private threshold(words: number): number {
    return words <= this.options.shortWords ? this.options.minDocsShort : this.options.minDocsLong;
  }
}

/** Uint32 values per LineCounts cell. */
const CELL = 4;

/**
 * One source's line counts in one typed array: open addressing on the line key (already a uniform
 * hash; key 0 is counted as 1), and per key its count, the number of the page that last counted it,
 * so a line repeated on one page counts once (once more if making room forgot it in between), and
 * the story that last counted it (`TemplateMemory.storyOf`), so copies of one story count it once.
 * It replaces a Map of counts and a Set per page (line keys above 2^30 are heap numbers there): a
 * scan ran ~3% faster without them (bench/RESULTS.md).
 */
class LineCounts {
  /** Cells of four: key, count, page, story. */
  private cells = new Uint32Array(CELL * 8);
  private page = 0;
  size = 0;

  /** The next page's lines are counted under a new page number. */
  nextPage(): void {
    this.page = (this.page + 1) >>> 0 || 1;
  }

  get(key: number): number {
    const at = this.find(key === 0 ? 1 : key);
    return this.cells[at] === 0 ? 0 : this.cells[at + 1];
  }

  /**
   * Counts `key` once for the current page of `story` and returns its count, or 0 when this page or
   * another copy of its story (a story other than 0) counted it already. A new key in a full room
   * (`max` keys) first makes room.
   */
  count(key: number, max: number, story: number): number {
    const k = key === 0 ? 1 : key;
    let at = this.find(k);
    const cells = this.cells;
    if (cells[at] !== 0) {
      if (cells[at + 2] === this.page) return 0;
      cells[at + 2] = this.page;
      if (story !== 0 && cells[at + 3] === story) return 0;
      cells[at + 3] = story;
      return ++cells[at + 1];
    }
    if (this.size >= max) { this.makeRoom(max); at = this.find(k); }
    if ((this.size + 1) * 2 > this.cells.length / CELL) { this.rebuild(2 * this.cells.length / CELL, 0); at = this.find(k); }
    this.cells[at] = k; this.cells[at + 1] = 1; this.cells[at + 2] = this.page; this.cells[at + 3] = story;
    this.size++;
    return 1;
  }

  /** The cell of the key, or the empty cell where it would go. */
  private find(k: number): number {
    const cells = this.cells, mask = cells.length / CELL - 1;
    let i = k & mask;
    while (cells[CELL * i] !== 0 && cells[CELL * i] !== k) i = (i + 1) & mask;
    return CELL * i;
  }

  /**
   * Forgets the lines seen on one page only; if recurring lines alone still fill three quarters of
   * the room, every count is halved as well (older recurrence fades, what keeps recurring stays).
   */
  private makeRoom(max: number): void {
    this.rebuild(this.cells.length / CELL, 0);
    while (this.size > 0 && this.size >= (max * 3) / 4) this.rebuild(this.cells.length / CELL, 1); // size > 0: a room of 0 must not loop
  }

  /**
   * The same counts in `cap` cells; growing, all of them; else without the keys counted once, the
   * others' counts shifted right by `shift`, in fewer cells when they would be under a quarter full.
   */
  private rebuild(cap: number, shift: number): void {
    const old = this.cells, growing = cap > old.length / CELL;
    if (!growing) {
      let kept = 0;
      for (let c = 0; c < old.length; c += CELL) if (old[c] !== 0 && old[c + 1] > 1) kept++;
      while (cap > 8 && kept * 4 < cap) cap >>= 1;
    }
    this.cells = new Uint32Array(CELL * cap);
    this.size = 0;
    for (let c = 0; c < old.length; c += CELL) {
      if (old[c] === 0 || (!growing && old[c + 1] <= 1)) continue;
      const at = this.find(old[c]);
      this.cells[at] = old[c]; this.cells[at + 1] = old[c + 1] >>> shift; this.cells[at + 2] = old[c + 2]; this.cells[at + 3] = old[c + 3];
      this.size++;
    }
  }
}
