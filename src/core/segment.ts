import { splitLines, type PageLine } from "./lines.js";
import { matchMarkerOfLine, type MarkerMatch } from "./markers.js";
import { isCreditLine, isDateline, isLinkLabel, findRelatedRuns, signOffAt, titleReappears } from "./segment-cues.js";
import type { TemplateMemory } from "./template-memory.js";

export type BlockKind = "title" | "body" | "source" | "tags" | "read_also" | "related" | "boilerplate";
export type LineRole =
  | "title" | "body" | "source" | "tags"
  | "read_also_header" | "read_also_title" | "read_also_body"
  | "related_header" | "related_item" | "boilerplate" | "chrome";

export const BLOCK_OF_ROLE: Record<LineRole, BlockKind> = {
  title: "title", body: "body", source: "source", tags: "tags",
  read_also_header: "read_also", read_also_title: "read_also", read_also_body: "read_also",
  related_header: "related", related_item: "related", boilerplate: "boilerplate", chrome: "boilerplate",
};

export interface Block { kind: BlockKind; start: number; end: number }
export interface LabeledLine { line: PageLine; role: LineRole }
export interface Segmentation { lines: LabeledLine[]; blocks: Block[] }

export interface SegmentOptions {
  source?: string;
  title?: string;
  templates?: TemplateMemory;
  /** Lines already split by `splitLines` (the batch command splits once for template learning). */
  lines?: PageLine[];
}

type State = "main" | "read_also_title" | "read_also_body" | "related";

/** Words in a line short enough to be a label, a byline or a headline rather than a paragraph. */
const SHORT_LINE = 25;
/** Words from which a body line is a paragraph of the story. */
const PARAGRAPH = 15;
const NO_LINES: ReadonlySet<number> = new Set();

/** Splits a scraped page into typed blocks with raw-text offsets. */
export function segmentPage(raw: string, options: SegmentOptions = {}): Segmentation {
  const lines = options.lines ?? splitLines(raw);
  const roles = labelLines(raw, lines, options);
  const labeled = lines.map((line, i) => ({ line, role: roles[i] }));
  return { lines: labeled, blocks: toBlocks(labeled) };
}

/** Prefix markers count only as labels: with a colon, or on a short line. */
function markerOf(line: PageLine): MarkerMatch | undefined {
  const m = matchMarkerOfLine(line);
  if (!m || m.rest === "") return m;
  if (m.kind === "boilerplate" || m.kind === "closing") return line.words <= 40 ? m : undefined;
  return line.labelled || line.words <= 12 ? m : undefined;
}

function labelLines(raw: string, lines: PageLine[], o: SegmentOptions): LineRole[] {
  const roles: LineRole[] = new Array(lines.length).fill("body");
  let state: State = "main";
  let sawAttribution = false;
  let closed = false; // a closing line came after the story: short lines after it are the footer, until a paragraph
  const footerLines: number[] = []; // lines taken for the footer only because they came after one
  let sawBody = false, paragraphs = false; // a body line, a body paragraph came (a credit line only comes before one)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = markerOf(line);
    if (m?.kind === "chrome") { roles[i] = "chrome"; continue; }
    if (m?.kind === "source" || m?.kind === "tags") { roles[i] = m.kind; sawAttribution = state === "main" || sawAttribution; continue; }
    if (m?.kind === "boilerplate") { roles[i] = "boilerplate"; continue; }
    if (m?.kind === "closing") { roles[i] = "boilerplate"; closed ||= sawBody; state = "main"; continue; }
    if (m?.kind === "related") { roles[i] = "related_header"; state = "related"; continue; }
    if (m?.kind === "read_also") { roles[i] = "read_also_header"; state = m.rest === "" ? "read_also_title" : state === "related" ? "main" : state; continue; }
    // An inline link inside the story, "شاهد.. …"; above the story's first paragraph such a line is a video story's title.
    if (!m && state === "main" && paragraphs && isLinkLabel(raw, line)) { roles[i] = "read_also_header"; continue; }
    if (state === "read_also_title") {
      roles[i] = "read_also_title";
      const embedded: boolean = sawAttribution || titleReappears(lines, i) || line.bullet;
      state = embedded && !line.bullet ? "read_also_body" : "main";
      continue;
    }
    if (state === "read_also_body") { roles[i] = "read_also_body"; continue; }
    if (state === "related") {
      if (isRelatedItem(lines, roles, i)) { roles[i] = "related_item"; continue; }
      state = "main";
    }
    const furniture = (!paragraphs && isCreditLine(raw, line)) || o.templates?.isTemplate(o.source, line.key, line.words) || isDateline(line);
    const footer = closed && line.words <= SHORT_LINE && !line.terminal; // a byline or a site line; a paragraph stays body
    if (footer && !furniture) footerLines.push(i);
    roles[i] = footer || furniture ? "boilerplate" : "body";
    sawBody ||= roles[i] === "body";
    paragraphs ||= roles[i] === "body" && line.words >= PARAGRAPH;
    if (closed && roles[i] === "body" && line.words >= PARAGRAPH) closed = false; // the story goes on: the closing line was not its end
  }
  // A header-less related list after the closing line is related, not footer.
  for (const i of findRelatedRuns(lines, roles, footerLines.length ? new Set(footerLines) : NO_LINES)) roles[i] = "related_item";
  const signOff = signOffAt(raw, lines, roles, PARAGRAPH);
  if (signOff >= 0) roles[signOff] = "source";
  markTitle(lines, roles, o.title);
  return roles;
}

/** Inside a related list: a bulleted line, or a short headline-like line while the list is not bulleted. */
function isRelatedItem(lines: PageLine[], roles: LineRole[], i: number): boolean {
  const line = lines[i];
  if (line.bullet) return line.words <= 40;
  const prev = roles[i - 1] === "related_item" ? lines[i - 1] : undefined;
  return !prev?.bullet && line.words <= SHORT_LINE && !line.terminal;
}

/** The first body line is the title when it reads like one: short, not a sentence, followed by body. */
function markTitle(lines: PageLine[], roles: LineRole[], title?: string): void {
  const first = roles.indexOf("body");
  if (first < 0) return;
  const line = lines[first];
  const nextBody = roles.indexOf("body", first + 1);
  const looksLikeTitle = line.words <= SHORT_LINE && !line.terminal && nextBody > first && lines[nextBody].words > line.words;
  const equalsGiven = title !== undefined && title.length > 0 && line.text === title;
  if (looksLikeTitle || equalsGiven) roles[first] = "title";
}

function toBlocks(lines: LabeledLine[]): Block[] {
  const blocks: Block[] = [];
  for (const { line, role } of lines) {
    const kind = BLOCK_OF_ROLE[role];
    const last = blocks[blocks.length - 1];
    if (last && last.kind === kind) last.end = line.end;
    else blocks.push({ kind, start: line.start, end: line.end });
  }
  return blocks;
}
