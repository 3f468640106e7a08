import { pickCanonical } from "../../src/core/clusters.js";
import { revisionOf } from "../../src/core/stored-article.js";

/** Prints revisions and a canonical choice from publishedAt values, for the time-zone test (run under several TZ). */
const at = ["2024-08-01T10:00:00", "2024-08-01T10:00", "2024-08-01T10:00:00.250", "2024-08-01", "2024-08-01T10:00:00+03:00", "2024-08-01T10:00:00Z"];
const canonical = pickCanonical([{ id: "riyadh", publishedAt: "2024-08-01T10:00:00+03:00", firstSeen: 1 }, { id: "no-offset", publishedAt: "2024-08-01T08:00:00", firstSeen: 2 }]).id;
process.stdout.write(JSON.stringify({ revisions: at.map((publishedAt) => revisionOf({ publishedAt })), canonical }) + "\n");
