import { textShingles } from "../../src/core/shingle.js";
import { sketch } from "../../src/core/signature.js";
import { ARTICLE_SPEC } from "../../src/core/signature-spec.js";
import { story } from "./seeds.js";

/** Prints a signature computed in a fresh process, for the determinism test. */
process.stdout.write(Array.from(sketch(textShingles(story(42), ARTICLE_SPEC.size, ARTICLE_SPEC.seed), ARTICLE_SPEC).values).join(",") + "\n");
