/**
 * Ids in code-unit order, to break ties the same way in every process: `localeCompare` follows the
 * host's locale (under LANG=ar_SA "خبر" sorts before "a", under sv_SE "ä" after "z"), so an API and a
 * worker on differently configured hosts would list tied relations, and keep capped ones, differently.
 */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
