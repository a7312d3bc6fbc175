import { describe, expect, it } from 'vitest';
import type { CopyFacts } from '../../../electron/core/duplicates/best-copy.js';
import { groupDuplicates } from '../../../electron/core/duplicates/duplicate-groups.js';

const photo = (id: number, w: number, h: number, size: number, takenAt: number | null = null): CopyFacts => ({ id, width: w, height: h, size, takenAt, mtimeMs: 1_000_000 + id });
const byId = (...ps: CopyFacts[]) => new Map(ps.map((p) => [p.id, p]));

describe('groupDuplicates', () => {
  it('suggests the largest resolution first and says so', () => {
    const [g] = groupDuplicates([{ a: 1, b: 2, kind: 'similar', score: 0.99 }], byId(photo(1, 800, 600, 90_000), photo(2, 1600, 1200, 80_000)));
    expect(g?.ids).toEqual([2, 1]);
    expect(g?.bestReason).toBe('largest resolution: 1600 × 1200');
  });

  it('at the same resolution suggests the largest file, then the oldest', () => {
    const [bySize] = groupDuplicates([{ a: 1, b: 2, kind: 'similar', score: 0.98 }], byId(photo(1, 800, 600, 90_000), photo(2, 800, 600, 120_000)));
    expect(bySize?.ids[0]).toBe(2);
    expect(bySize?.bestReason).toMatch(/^same resolution, largest file/);
    const [byAge] = groupDuplicates([{ a: 1, b: 2, kind: 'exact', score: 1 }], byId(photo(1, 800, 600, 9, 5000), photo(2, 800, 600, 9, 1000)));
    expect(byAge?.ids).toEqual([2, 1]);
    expect(byAge?.bestReason).toBe('same resolution and file size; the oldest');
  });

  it('joins photos linked through a third one into one group, named by its weakest link', () => {
    const groups = groupDuplicates(
      [
        { a: 1, b: 2, kind: 'exact', score: 1 },
        { a: 2, b: 3, kind: 'similar', score: 0.975 },
        { a: 7, b: 8, kind: 'exact', score: 1 },
      ],
      byId(photo(1, 10, 10, 1), photo(2, 10, 10, 1), photo(3, 10, 10, 1), photo(7, 10, 10, 1), photo(8, 10, 10, 1)),
    );
    expect(groups.map((g) => [g.kind, [...g.ids].sort()])).toEqual([
      ['exact', [7, 8]],
      ['similar', [1, 2, 3]],
    ]);
    expect(groups[1]?.similarity).toBeCloseTo(0.975);
  });

  it('reports the time span of a burst', () => {
    const [g] = groupDuplicates([{ a: 1, b: 2, kind: 'burst', score: 0.93 }], byId(photo(1, 10, 10, 1, 0), photo(2, 10, 10, 1, 4000)));
    expect(g).toMatchObject({ kind: 'burst', spanSeconds: 4 });
  });

  it('leaves out links to photos no longer in the library', () => {
    expect(groupDuplicates([{ a: 1, b: 99, kind: 'exact', score: 1 }], byId(photo(1, 10, 10, 1)))).toEqual([]);
  });
});
