import { loadSaudiNewsNet, loadSilverPairs, paragraphs, type RealDoc } from "./corpus-data.js";
import { makeOutlets, type Outlet } from "./outlets.js";
import { layoutPage, type BuiltPage, type Furniture, type StoryText } from "./pages.js";
import { Rng } from "./prng.js";
import { edit, retype } from "./retype.js";

export interface Benchmark { pages: BuiltPage[]; truePairs: Set<string>; groups: number }

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

const VERSIONS = ["retype", "edited", "lead", "partial"] as const;
const DATELINES = ["الرياض - واس: ", "(وكالات) - ", "جدة – متابعات: ", "القاهرة - أ ف ب: ", "واشنطن (رويترز) - "];

/** Real articles with no known copy in the corpus, long enough to be stories, in a fixed order. */
function storyPool(rng: Rng): RealDoc[] {
  const inPairs = new Set<string>();
  for (const p of loadSilverPairs()) { inPairs.add(p.a); inPairs.add(p.b); }
  const seenTitles = new Set<string>();
  const docs = loadSaudiNewsNet().filter((d) => {
    const words = d.text.split(/\s+/).length;
    const ok = !inPairs.has(d.id) && words >= 120 && words <= 900 && paragraphs(d.text).length >= 3 && d.title.length > 10 && !seenTitles.has(d.title);
    seenTitles.add(d.title);
    return ok;
  });
  return rng.shuffle(docs);
}

const asStory = (d: RealDoc): StoryText => ({ title: d.title, paragraphs: paragraphs(d.text) });

function makeVersion(kind: (typeof VERSIONS)[number], s: StoryText, filler: StoryText, vocab: string[], rng: Rng): StoryText {
  const words = s.title.split(" ");
  const newTitle = rng.chance(0.5) ? `عاجل: ${s.title}` : [...words.slice(1), words[0]].join(" ");
  if (kind === "retype") return { title: retype(s.title, rng), paragraphs: s.paragraphs.map((p) => retype(p, rng)) };
  if (kind === "edited") {
    const rate = 0.03 + rng.next() * 0.05; // 3–8% of words replaced, dropped or added
    const ps = s.paragraphs.map((p) => edit(retype(p, rng, 0.6), rng, rate, vocab));
    ps[0] = rng.pick(DATELINES) + ps[0];
    return { title: newTitle, paragraphs: ps };
  }
  if (kind === "lead") {
    // Whole paragraphs until 30–60% of the story's length. A paragraph that carries the cut past 60%
    // ends at its first sentence end past the bar instead (an outlet cuts a long lead paragraph too),
    // so a story whose first paragraph is most of it still gets a real lead cut. The cut comes after
    // re-typing, so the random draws, and the rest of the benchmark, are as they were.
    const total = s.paragraphs.join(" ").length;
    const out: string[] = [];
    for (const p of s.paragraphs) {
      out.push(retype(p, rng, 0.5));
      const bar = total * (0.3 + rng.next() * 0.3), length = out.join(" ").length;
      if (length >= bar) {
        const last = out.length - 1;
        if (length > total * 0.6) out[last] = cutAtSentence(out[last], bar - (length - out[last].length));
        break;
      }
    }
    return { title: newTitle, paragraphs: out };
  }
  const cut = Math.max(1, Math.floor(filler.paragraphs.length / 2));
  const wire = s.paragraphs.slice(0, Math.max(2, Math.ceil(s.paragraphs.length * 0.6))).map((p) => retype(p, rng, 0.5));
  return { title: filler.title, paragraphs: [...filler.paragraphs.slice(0, cut), ...wire, ...filler.paragraphs.slice(cut)] };
}

/**
 * `text` up to its first sentence end (. ! ? ؟) at or after `at` characters, else its first clause
 * end (، ,), else its first word end, short of the paragraph's own end: many Arabic news paragraphs
 * are one long sentence.
 */
function cutAtSentence(text: string, at: number): string {
  const last = text.trimEnd().length - 1;
  for (const end of [/[.!?؟]/g, /[،,]/g, / /g]) {
    end.lastIndex = Math.max(0, Math.floor(at) - 1);
    const m = end.exec(text);
    if (m && m.index < last) return text.slice(0, m.index + (m[0] === " " ? 0 : 1));
  }
  return text;
}

/**
 * Story groups (an original and 1–3 copies at other outlets), single stories, and hard negatives:
 * different stories on the same outlet templates carrying the same read-also article.
 */
export function buildBenchmark(seed = 20261122, groupCount = 400, singles = 400): Benchmark {
  const rng = new Rng(seed);
  const pool = storyPool(rng);
  const stories = pool.slice(0, groupCount + singles).map(asStory);
  const fillers = pool.slice(groupCount + singles, groupCount * 2 + singles).map(asStory);
  const readAlsoPool = pool.slice(groupCount * 2 + singles, groupCount * 2 + singles + 25).map(asStory);
  const titles = pool.slice(groupCount * 2 + singles + 25).map((d) => d.title);
  const vocab = stories.flatMap((s) => s.paragraphs[0].split(" ")).filter((w) => w.length > 3);
  const outlets = makeOutlets(rng, 12);
  const pages: BuiltPage[] = [];
  const groups: string[][] = [];
  const place = (story: StoryText, group: number, version: string, outlet: Outlet, day: number) => {
    const embeds = rng.chance(0.15) && group !== 0 ? rng.int(Math.min(groups.length, groupCount)) : -1;
    const readAlso = embeds >= 0 ? stories[embeds] : rng.pick(readAlsoPool.slice(0, 8)); // few read-alsos: many pages share one
    const f: Furniture = { readAlso, related: Array.from({ length: 5 + rng.int(5) }, () => rng.pick(titles)), tags: story.title.split(" ").slice(0, 4) };
    const { text, main } = layoutPage(outlet, story, f, rng);
    const id = `p${pages.length}`;
    const withTitle = rng.chance(0.5);
    pages.push({ id, text, title: withTitle ? story.title : undefined, source: outlet.name, publishedAt: new Date(Date.UTC(2024, 7, 1 + day, rng.int(24))).toISOString(), group, embedsGroup: embeds, version, main });
    return id;
  };
  for (let g = 0; g < groupCount; g++) {
    const outletOrder = rng.shuffle([...outlets]);
    const ids = [place(stories[g], g, "original", outletOrder[0], 0)];
    const copies = 1 + rng.int(3);
    for (let c = 0; c < copies; c++) {
      const kind = VERSIONS[rng.int(VERSIONS.length)];
      ids.push(place(makeVersion(kind, stories[g], fillers[g], vocab, rng), g, kind, outletOrder[c + 1], 1 + c));
    }
    groups.push(ids);
  }
  for (let s = 0; s < singles; s++) place(stories[groupCount + s], -1, "single", rng.pick(outlets), rng.int(4));
  const truePairs = new Set<string>();
  for (const ids of groups) for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) truePairs.add(pairKey(ids[i], ids[j]));
  return { pages: rng.shuffle(pages), truePairs, groups: groupCount };
}
