import type { Rng } from "./prng.js";

/** Re-typing as outlets do it: the same words, other code points. Each returns a new string. */
const TANWEEN = ["\u064b", "\u064c", "\u064d", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652"];
const ZW = ["\u200b", "\u200c", "\u200d", "\u200f", "\u200e", "\u2066", "\u2069", "\u061c", "\u00ad"];

function mapWords(text: string, rng: Rng, p: number, f: (w: string) => string): string {
  return text.replace(/[\u0621-\u064a]+/g, (w) => (rng.chance(p) ? f(w) : w));
}

export function retype(text: string, rng: Rng, strength = 1): string {
  let t = text;
  t = mapWords(t, rng, 0.25 * strength, (w) => w.slice(0, -1) + w.slice(-1) + rng.pick(TANWEEN)); // diacritics and tanween
  t = mapWords(t, rng, 0.3 * strength, (w) => (w[0] === "ا" ? rng.pick(["أ", "إ", "آ"]) + w.slice(1) : w[0] === "أ" || w[0] === "إ" ? "ا" + w.slice(1) : w));
  t = mapWords(t, rng, 0.4 * strength, (w) => (w.endsWith("ى") ? w.slice(0, -1) + "ي" : w.endsWith("ي") ? w.slice(0, -1) + rng.pick(["ى", "ی"]) : w));
  t = mapWords(t, rng, 0.4 * strength, (w) => (w.endsWith("ة") ? w.slice(0, -1) + "ه" : w));
  t = mapWords(t, rng, 0.05 * strength, (w) => (w.length > 3 ? w.slice(0, 2) + "ـ" + w.slice(2) : w)); // tatweel
  t = mapWords(t, rng, 0.05 * strength, (w) => w.replace(/ك/g, "ک"));
  t = mapWords(t, rng, 0.03 * strength, (w) => w.slice(0, 1) + rng.pick(ZW) + w.slice(1));
  t = t.replace(/لا/g, (m) => (rng.chance(0.2 * strength) ? "\ufefb" : m)); // presentation form ﻻ
  if (rng.chance(0.5 * strength)) t = t.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
  t = t.replace(/ /g, (m) => (rng.chance(0.03 * strength) ? "\u00a0" : m));
  t = t.replace(/،/g, (m) => (rng.chance(0.3 * strength) ? "," : m));
  return t;
}

/** Light editing: replace, drop or insert about `rate` of the words. */
export function edit(text: string, rng: Rng, rate: number, vocabulary: string[]): string {
  return text.split(" ").flatMap((w) => {
    if (!rng.chance(rate)) return [w];
    const r = rng.int(3);
    return r === 0 ? [] : r === 1 ? [rng.pick(vocabulary)] : [w, rng.pick(vocabulary)];
  }).join(" ");
}
