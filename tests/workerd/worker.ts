import type { PageInput } from "../../src/core/page.js";
import { probe } from "./probe.js";

/** A Worker that runs the core on the pages it is sent (tests/workerd/core-in-workerd.test.ts). */
export default {
  async fetch(request: Request): Promise<Response> {
    const pages = (await request.json()) as PageInput[];
    return new Response(JSON.stringify(await probe(pages)), { headers: { "content-type": "application/json" } });
  },
};
