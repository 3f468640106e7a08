/**
 * Sorts `xs` in place, stably, and returns it. Arrays of a few elements (an alignment's runs) are
 * sorted by insertion: Array.prototype.sort allocated ~0.6 KB a call, most of a scan's sorting
 * garbage (bench/RESULTS.md); longer ones go to it.
 */
export function sortSmall<T>(xs: T[], cmp: (x: T, y: T) => number): T[] {
  if (xs.length > 16) return xs.sort(cmp);
  for (let k = 1; k < xs.length; k++) {
    const x = xs[k];
    let at = k;
    while (at > 0 && cmp(xs[at - 1], x) > 0) { xs[at] = xs[at - 1]; at--; }
    xs[at] = x;
  }
  return xs;
}
