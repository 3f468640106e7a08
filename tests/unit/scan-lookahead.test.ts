import { describe, expect, it } from "vitest";
import { scanArgs } from "../../src/cli/scan-command.js";
import { createEngine } from "../../src/core/engine.js";
import { BatchScanner, DEFAULT_LOOKAHEAD, type ScanRecord } from "../../src/core/scan.js";
import { story } from "../helpers/seeds.js";

/**
 * A site's pages: a story with a line of the site's own after its first paragraph, which no marker
 * names and which reads as a sentence: only the template memory tells it from the story.
 */
const FOOTER = "لمتابعة آخر الأخبار اشترك في نشرتنا اليومية على الهاتف المحمول.";
const pages = Array.from({ length: 6 }, (_, i) => {
  const [first, ...rest] = story(300 + i, 8).split("\n\n");
  return { id: `p${i}`, source: "site", text: [first, FOOTER, ...rest].join("\n\n") };
});

/** The kind of the block holding the footer line, page by page. */
function footerKinds(records: ScanRecord[]): string[] {
  return records.flatMap((r) => {
    if (r.type !== "blocks") return [];
    const at = pages.find((p) => p.id === r.id)!.text.lastIndexOf(FOOTER);
    return [r.blocks.find((b) => b.start <= at && at < b.end)?.kind ?? "none"];
  });
}

describe("the scan's look-ahead", () => {
  it("learns a source's template lines from the pages of a chunk before labeling any of them", async () => {
    const whole = new BatchScanner(await createEngine());
    expect(footerKinds(whole.addPages(pages, 6))).toEqual(Array(6).fill("boilerplate"));
    // One page at a time, as the service learns: the line is the site's furniture from its third page on.
    const single = new BatchScanner(await createEngine());
    expect(footerKinds(single.addPages(pages, 1))).toEqual(["body", "body", "boilerplate", "boilerplate", "boilerplate", "boilerplate"]);
    // In chunks of 2, the first two pages are labeled having seen two.
    const pairs = new BatchScanner(await createEngine());
    expect(footerKinds(pairs.addPages(pages, 2))).toEqual(["body", "body", "boilerplate", "boilerplate", "boilerplate", "boilerplate"]);
    const threes = new BatchScanner(await createEngine());
    expect(footerKinds(threes.addPages(pages, 3))).toEqual(Array(6).fill("boilerplate"));
  });
});

describe("tikrar scan's arguments", () => {
  it("takes one file and --lookahead N or --lookahead=N anywhere", () => {
    expect(scanArgs(["in.jsonl"])).toEqual({ path: "in.jsonl", lookahead: DEFAULT_LOOKAHEAD });
    expect(scanArgs(["--lookahead", "250", "in.jsonl"])).toEqual({ path: "in.jsonl", lookahead: 250 });
    expect(scanArgs(["in.jsonl", "--lookahead=1"])).toEqual({ path: "in.jsonl", lookahead: 1 });
  });

  it("names what is wrong", () => {
    for (const bad of [["--lookahead", "0", "f"], ["--lookahead", "-1", "f"], ["--lookahead=abc", "f"], ["--lookahead", "1e3", "f"], ["--lookahead=100001", "f"], ["f", "--lookahead"], ["--lookahead=", "f"]]) {
      expect(scanArgs(bad)).toEqual({ error: "--lookahead takes a whole number of pages from 1 to 100000" });
    }
    expect(scanArgs(["--look", "f"])).toEqual({ error: "scan takes one file" });
    expect(scanArgs(["--fast"])).toEqual({ error: "unknown option --fast" });
    expect(scanArgs([])).toEqual({ error: "scan takes one file" });
    expect(scanArgs(["a", "b"])).toEqual({ error: "scan takes one file" });
  });
});
