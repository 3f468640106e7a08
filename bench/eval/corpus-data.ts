import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const DATA_DIR = fileURLToPath(new URL("../../../shared/data/", import.meta.url));
export const SEEDS_DIR = fileURLToPath(new URL("../../../shared/seeds/", import.meta.url));

export interface RealDoc { id: string; source: string; title: string; text: string; published: string }
export interface SilverPair { a: string; b: string; jaccard_w5: number; cross_source: boolean; silver_label: string }

export function readJsonl<T>(name: string): T[] {
  return readFileSync(DATA_DIR + name, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

export const loadSaudiNewsNet = () => readJsonl<RealDoc>("saudinewsnet_2015-08-06_2015-08-11.jsonl");
export const loadSilverPairs = () => readJsonl<SilverPair>("silver_pairs_saudinewsnet.jsonl");

/** Paragraphs of a real article: non-empty trimmed lines. */
export function paragraphs(text: string): string[] {
  return text.split("\n").map((l) => l.replace(/\s+/g, " ").trim()).filter((l) => l.length > 0);
}

/**
 * New stories in the corpus's vocabulary: `variant(text, round)` is the text itself in round 0,
 * and in later rounds the text with every word swapped, with probability 1/2, for another corpus
 * word (deterministic), so that variants rarely share a 4-word passage, as most stories in a real
 * index do not.
 */
export function storyVariants(docs: RealDoc[]): (text: string, round: number) => string {
  const vocab = docs.slice(0, 200).flatMap((d) => d.text.split(/\s+/)).filter((w) => w.length > 2);
  let x = 7;
  const rnd = () => { x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; return x; }; // imul: a float product would lose its low bits
  return (t, round) => round === 0 ? t : t.split(" ").map((w) => ((rnd() >> 8) % 2 === 0 ? vocab[rnd() % vocab.length] : w)).join(" ");
}
