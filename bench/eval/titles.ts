import { sameHeadline, type Prepared } from "../../src/core/headline-clusters.js";
import { normalizeText } from "../../src/core/normalize.js";
import { confirmTitles, prepareTitle, sketchOfPrepared, TITLE_BANDS, TitleIndex } from "../../src/core/title-index.js";
import { loadSaudiNewsNet, loadSilverPairs, readJsonl, type RealDoc } from "./corpus-data.js";
import { Rng } from "./prng.js";
import { edit, retype } from "./retype.js";

/** How outlets rewrite a headline they republish; each returns a new string. */
const REWRITES: [string, (t: string, rng: Rng, vocab: string[]) => string][] = [
  ["retyped", (t, rng) => retype(t, rng)],
  ["label prefix", (t) => `عاجل: ${t}`],
  ["first word moved", (t) => { const w = t.split(" "); return [...w.slice(1), w[0]].join(" "); }],
  ["last word cut", (t) => t.split(" ").slice(0, -1).join(" ")],
  ["edited", (t, rng, vocab) => edit(t, rng, 0.1, vocab)],
  ["edited and retyped", (t, rng, vocab) => retype(edit(t, rng, 0.15, vocab), rng)],
];

/**
 * The headline lookup of `/v1/check` (title-index.ts: band keys, then the same-headline rule) on the
 * titles of both news corpora: every distinct title is indexed as the service files it; then
 * (a) rewrites of every third title, kept when they are still the same headline (trigram Jaccard ≥
 * 0.6), must find their title; (b) the real cross-outlet copies of the silver pairs whose titles
 * are the same headline must find each other; (c) a title with its speaker replaced by another must
 * not find it. Candidates per headline are capped as the service caps them.
 */
export function titleEval() {
  const docs = [...loadSaudiNewsNet(), ...readJsonl<RealDoc>("ant_multisource_2018-04-01_2018-05-15.jsonl")];
  const index = new TitleIndex();
  const titleOf = new Map<string, string>();
  const prepared = new Map<string, Prepared>();
  for (const d of docs) {
    const t = d.title?.trim();
    if (!t) continue;
    const p = prepareTitle(t);
    titleOf.set(d.id, t);
    prepared.set(d.id, p);
    index.set(d.id, sketchOfPrepared(p));
  }
  const find = (p: Prepared, exclude?: string) => {
    const ids = index.query(sketchOfPrepared(p), exclude);
    return new Set(confirmTitles([p], [ids.map((id) => ({ id, title: titleOf.get(id)! }))]).map((m) => m.id));
  };
  const rng = new Rng(20261123);
  const vocab = [...titleOf.values()].flatMap((t) => t.split(" ")).slice(0, 20_000);
  const ids = [...titleOf.keys()];
  const byKind = REWRITES.map(([name]) => ({ name, found: 0, total: 0 }));
  for (let i = 0; i < ids.length; i += 3) {
    const source = prepared.get(ids[i])!;
    REWRITES.forEach(([, rewrite], k) => {
      const q = prepareTitle(rewrite(titleOf.get(ids[i])!, rng, vocab));
      if (!sameHeadline(q, source)) return;
      byKind[k].total++;
      if (find(q).has(ids[i])) byKind[k].found++;
    });
  }
  const real = { found: 0, total: 0 };
  for (const pair of loadSilverPairs()) {
    const [a, b] = [prepared.get(pair.a), prepared.get(pair.b)];
    if (!a || !b || pair.a === pair.b || !sameHeadline(a, b)) continue;
    real.total++;
    if (find(a, pair.a).has(pair.b)) real.found++;
  }
  const speakers = { matched: 0, total: 0 };
  const OTHERS = ["الرئاسة", "مسؤول أمريكي", "وزير الخارجية", "المتحدث العسكري"];
  for (const id of ids) {
    const source = prepared.get(id)!;
    if (!source.speaker) continue;
    const t = titleOf.get(id)!;
    const other = OTHERS.find((s) => normalizeText(s) !== source.speaker)!; // speakers compare normalized
    const q = prepareTitle(`${other}: ${t.slice(t.search(/[:|]/) + 1).trim()}`);
    if (q.speaker !== normalizeText(other)) continue;
    speakers.total++;
    if (find(q).has(id)) speakers.matched++;
  }
  const found = byKind.reduce((n, k) => n + k.found, 0), total = byKind.reduce((n, k) => n + k.total, 0);
  return { titles: titleOf.size, bands: TITLE_BANDS, found, total, byKind, real, speakers };
}
