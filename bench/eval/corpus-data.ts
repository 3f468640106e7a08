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
