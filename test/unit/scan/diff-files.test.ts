import { describe, expect, it } from 'vitest';
import { diffFiles } from '../../../electron/core/scan/diff-files.js';
import { UnseenPaths } from '../../../electron/core/scan/unseen-paths.js';
import type { PhotoFingerprint } from '../../../electron/core/store/photo-store.js';

const known = (id: number, path: string, over: Partial<PhotoFingerprint> = {}): PhotoFingerprint => ({
  id, path, size: 100, mtimeMs: 1000, contentHash: `h${id}`, status: 'indexed', skipReason: null, skipKind: null, ...over,
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
        known(5, '/p/broken.png', { status: 'skipped', skipReason: 'corrupt', skipKind: 'content' }),
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

describe('diffFiles with what the walk could not read', () => {
  it('keeps photos under an unreadable folder or behind a failed stat: not seen is not gone', () => {
    const unseen = new UnseenPaths();
    unseen.addFolder('/p/share');
    unseen.addFile('/p/flaky.jpg');
    const diff = diffFiles(
      [{ path: '/p/here.jpg', size: 100, mtimeMs: 1000 }],
      [known(1, '/p/here.jpg'), known(2, '/p/share/a.jpg'), known(3, '/p/share/deep/b.jpg'), known(4, '/p/flaky.jpg'), known(5, '/p/shared.jpg')],
      () => true,
      unseen,
    );
    expect(diff.notSeen.map((k) => k.id)).toEqual([2, 3, 4]);
    // A sibling whose name merely starts like the unread folder was seen to be absent.
    expect(diff.gone.map((k) => k.id)).toEqual([5]);
  });

  it('retries files skipped for permission or I/O errors even when size and mtime are unchanged; not corrupt ones', () => {
    const same = (p: string) => ({ path: p, size: 100, mtimeMs: 1000 });
    const diff = diffFiles(
      [same('/p/locked.jpg'), same('/p/disk.jpg'), same('/p/broken.jpg'), same('/p/old-skip.jpg')],
      [
        known(1, '/p/locked.jpg', { status: 'skipped', skipKind: 'access', skipReason: 'permission denied' }),
        known(2, '/p/disk.jpg', { status: 'skipped', skipKind: 'io', skipReason: 'read error' }),
        known(3, '/p/broken.jpg', { status: 'skipped', skipKind: 'content', skipReason: 'truncated JPEG' }),
        // Skipped by a version that did not record why: retried once, which records it.
        known(4, '/p/old-skip.jpg', { status: 'skipped', skipKind: null, skipReason: 'permission denied' }),
      ],
      () => false,
    );
    expect(diff.retried.map((r) => r.known.id)).toEqual([1, 2, 4]);
    expect(diff.stillSkipped.map((k) => k.id)).toEqual([3]);
  });
});
