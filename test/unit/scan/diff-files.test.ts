import { describe, expect, it } from 'vitest';
import { diffFiles } from '../../../electron/core/scan/diff-files.js';
import type { PhotoFingerprint } from '../../../electron/core/store/photo-store.js';

const known = (id: number, path: string, over: Partial<PhotoFingerprint> = {}): PhotoFingerprint => ({
  id, path, size: 100, mtimeMs: 1000, contentHash: `h${id}`, status: 'indexed', skipReason: null, ...over,
});

describe('diffFiles', () => {
  it('sorts files into unchanged, changed, added, gone, still skipped and needing a vector', () => {
    const diff = diffFiles(
      [
        { path: '/p/same.jpg', size: 100, mtimeMs: 1000 },
        { path: '/p/edited.jpg', size: 120, mtimeMs: 2000 },
        { path: '/p/touched.jpg', size: 100, mtimeMs: 5000 },
        { path: '/p/new.jpg', size: 50, mtimeMs: 1 },
        { path: '/p/broken.png', size: 100, mtimeMs: 1000 },
        { path: '/p/novector.jpg', size: 100, mtimeMs: 1000 },
      ],
      [
        known(1, '/p/same.jpg'),
        known(2, '/p/edited.jpg'),
        known(3, '/p/touched.jpg'),
        known(4, '/p/deleted.jpg'),
        known(5, '/p/broken.png', { status: 'skipped', skipReason: 'corrupt' }),
        known(6, '/p/novector.jpg'),
      ],
      (id) => id !== 6,
    );
    expect(diff.unchanged.map((k) => k.id)).toEqual([1]);
    expect(diff.changed.map((c) => c.known.id)).toEqual([2, 3]);
    expect(diff.added.map((f) => f.path)).toEqual(['/p/new.jpg']);
    expect(diff.gone.map((k) => k.id)).toEqual([4]);
    expect(diff.stillSkipped.map((k) => k.id)).toEqual([5]);
    expect(diff.needsVector.map((n) => n.known.id)).toEqual([6]);
  });
});
