import { isCopyEdge, pickCanonical } from "../core/clusters.js";
import type { IndexStore } from "../ports.js";

export interface ClusterView { canonical: string; members: string[]; truncated: boolean }

/** Largest cluster walked on one read; larger ones are reported truncated. */
const MAX_MEMBERS = 500;

/** The copy cluster of an article: a walk over stored copy links, canonical = earliest published, else first seen. */
export async function findCluster(store: IndexStore, id: string): Promise<ClusterView> {
  const seen = new Set([id]);
  let frontier = [id];
  while (frontier.length && seen.size < MAX_MEMBERS) {
    const next: string[] = [];
    // One level's links are read together (Redis: one socket write), not one round trip a member.
    for (const links of await Promise.all(frontier.map((from) => store.links(from)))) {
      for (const l of links) {
        if (!isCopyEdge(l) || seen.has(l.id) || seen.size >= MAX_MEMBERS) continue;
        seen.add(l.id);
        next.push(l.id);
      }
    }
    frontier = next;
  }
  const members = await store.getMany([...seen]);
  const canonical = members.length ? pickCanonical(members.map((m) => ({ id: m.id, publishedAt: m.meta.publishedAt, firstSeen: m.meta.firstSeen }))).id : id;
  return { canonical, members: members.map((m) => m.id).sort(), truncated: seen.size >= MAX_MEMBERS && frontier.length > 0 };
}
