import { publishedInstant } from "./stored-article.js";
import { UnionFind } from "./union-find.js";
import type { RelationKind } from "./relations.js";

export interface ClusterMember { id: string; publishedAt?: string; firstSeen: number }
export interface CopyEdge { a: string; b: string; kind: RelationKind; containment: [number, number] }
export interface CopyCluster { canonical: string; members: string[] }

/**
 * Edges that make two articles copies of one story: duplicates, near duplicates, and partial
 * copies where the smaller side is almost wholly inside the larger (a lead-only cut). A long piece
 * quoting a wire story is related to it but does not merge their clusters.
 */
export function isCopyEdge(e: Pick<CopyEdge, "kind" | "containment">): boolean {
  return e.kind !== "partial" || Math.max(e.containment[0], e.containment[1]) >= 0.8;
}

/** The canonical article: earliest publishedAt, else first seen. */
export function pickCanonical(members: ClusterMember[]): ClusterMember {
  return members.reduce((best, m) => (rank(m, best) < 0 ? m : best));
}

function rank(a: ClusterMember, b: ClusterMember): number {
  const ta = publishedInstant(a.publishedAt), tb = publishedInstant(b.publishedAt);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  if (!Number.isNaN(ta) !== !Number.isNaN(tb)) return Number.isNaN(ta) ? 1 : -1;
  return a.firstSeen - b.firstSeen;
}

export function clusterCopies(members: ClusterMember[], edges: CopyEdge[]): CopyCluster[] {
  const index = new Map(members.map((m, i) => [m.id, i]));
  const uf = new UnionFind(members.length);
  for (const e of edges) {
    const a = index.get(e.a), b = index.get(e.b);
    if (a !== undefined && b !== undefined && isCopyEdge(e)) uf.union(a, b);
  }
  return uf.groups().map((g) => {
    const group = g.map((i) => members[i]);
    return { canonical: pickCanonical(group).id, members: group.map((m) => m.id) };
  });
}
