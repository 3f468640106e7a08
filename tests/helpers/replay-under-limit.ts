// Run by tests/http/log-replay.test.ts under a file-size limit (`ulimit -f`, SIGXFSZ ignored): starts
// the embedded composition on a data directory whose log is due for compaction, and prints the replay report.
import { composeEmbedded } from "../../src/entry/embedded.js";
import { systemClock } from "../../src/ports.js";
import { testEngine } from "./engine.js";

const parts = await composeEmbedded(await testEngine(), { dataDir: process.argv[2], retry: { attempts: 1, backoffMs: 5 } }, systemClock, { compactMinDead: 1 });
await parts.queue.close();
console.log(JSON.stringify(parts.replay));
