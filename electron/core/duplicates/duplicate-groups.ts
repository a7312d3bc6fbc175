/**
 * Photos linked by evidence (the same bytes, the same look, a burst) -> groups, with union-find:
 * a photo linked to two others puts all three in one group. Each group says how it was formed
 * and which copy to keep (best-copy.ts). Pure: no I/O.
 */
import { bestCopyReason, compareCopies, type CopyFacts } from './best-copy.js';

export type DuplicateKind = 'exact' | 'similar' | 'burst';

export interface DuplicateLink {
  a: number;
  b: number;
  kind: DuplicateKind;
  /** Cosine of the two vectors (1 for the same bytes). */
  score: number;
}

export interface DuplicateGroup {
  /** The weakest evidence that holds the group together: exact < similar < burst. */
  kind: DuplicateKind;
  similarity: number;
  /** Photo ids, the best copy first. */
  ids: number[];
  bestReason: string;
  /** Seconds between the first and the last photo taken (bursts). */
  spanSeconds: number | null;
}

const STRENGTH: Record<DuplicateKind, number> = { exact: 0, similar: 1, burst: 2 };

class UnionFind {
  private readonly parent = new Map<number, number>();

  find(x: number): number {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) ?? root;
    // Path compression: later finds are O(1).
    let at = x;
    while (at !== root) {
      const next = this.parent.get(at) ?? root;
      this.parent.set(at, root);
      at = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    this.parent.set(ra, ra);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

export function groupDuplicates(links: readonly DuplicateLink[], photos: ReadonlyMap<number, CopyFacts>): DuplicateGroup[] {
  const uf = new UnionFind();
  for (const l of links) if (photos.has(l.a) && photos.has(l.b)) uf.union(l.a, l.b);
  const members = new Map<number, Set<number>>();
  const evidence = new Map<number, { kind: DuplicateKind; similarity: number }>();
  for (const l of links) {
    if (!photos.has(l.a) || !photos.has(l.b)) continue;
    const root = uf.find(l.a);
    const set = members.get(root) ?? new Set<number>();
    set.add(l.a).add(l.b);
    members.set(root, set);
    const was = evidence.get(root);
    evidence.set(root, {
      kind: !was || STRENGTH[l.kind] > STRENGTH[was.kind] ? l.kind : was.kind,
      similarity: Math.min(was?.similarity ?? 1, l.score),
    });
  }
  const groups: DuplicateGroup[] = [];
  for (const [root, set] of members) {
    const facts = [...set].flatMap((id) => {
      const p = photos.get(id);
      return p ? [p] : [];
    });
    facts.sort(compareCopies);
    const [best, next] = facts;
    const ev = evidence.get(root);
    if (!best || !ev) continue;
    const times = facts.map((p) => p.takenAt ?? p.mtimeMs);
    groups.push({
      kind: ev.kind,
      similarity: ev.similarity,
      ids: facts.map((p) => p.id),
      bestReason: bestCopyReason(best, next),
      spanSeconds: ev.kind === 'burst' ? Math.round((Math.max(...times) - Math.min(...times)) / 1000) : null,
    });
  }
  // Exact copies first (the surest), then the larger groups.
  return groups.sort((x, y) => STRENGTH[x.kind] - STRENGTH[y.kind] || y.ids.length - x.ids.length || (x.ids[0] ?? 0) - (y.ids[0] ?? 0));
}
