/**
 * A copy of `s` that keeps no longer string alive. V8 makes a slice of 13 or more code units a view
 * into the string it was cut from, so whatever keeps the slice keeps the whole of that string: a
 * related headline cut from a page kept the page's raw and normalized text, ~15 KB a page that a
 * scan held until its end (measured, bench/RESULTS.md). Strings cut from a page and kept past its
 * analysis go through this.
 *
 * Joining a space in front makes a rope; cutting the space off again flattens that rope into a new
 * string one unit longer than `s` and views it. 0.15 µs for a headline here, against ~1 µs for a
 * JSON round trip or a copy through code units (measured). tests/unit/own-string.test.ts checks
 * that the copy lets the page go.
 */
export function ownString(s: string): string {
  return (" " + s).slice(1);
}
