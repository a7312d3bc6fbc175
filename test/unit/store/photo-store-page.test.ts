/**
 * A folder's grid pages: exactly the indexed photos under it (subfolders included, a sibling that
 * shares its name's prefix not), newest first, undated last (over the folder index, migration 7).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderKey } from '../../../electron/core/store/path-range.js';
import type { PhotoFields } from '../../../electron/core/store/photo-record.js';
import { tempLibrary, type TempLibrary } from '../../helpers/fake-library.js';

const fields = (path: string, takenAt: number | null, status: PhotoFields['status'] = 'indexed'): PhotoFields => ({
  path, folder: folderKey(path), size: 1, mtimeMs: 1, contentHash: null, status, skipReason: null, skipKind: null, format: 'jpeg',
  width: 1, height: 1, takenAt, takenAtSource: 'exif', cameraMake: null, cameraModel: null, gpsLat: null, gpsLon: null,
});

describe('photo store folder pages', () => {
  let lib: TempLibrary;
  const all: { id: number; path: string; takenAt: number | null; status: string }[] = [];

  beforeEach(async () => {
    lib = await tempLibrary('recollect-pages-');
    all.length = 0;
    const dirs = ['/p/trip', '/p/trip/day 2', '/p/trip-2', '/p/home'];
    lib.scope.transaction(() => {
      for (let i = 0; i < 200; i++) {
        const path = `${dirs[i % 4] ?? '/p'}/img${i}.jpg`;
        const takenAt = i % 7 === 0 ? null : (i * 7919) % 1000;
        const status = i % 11 === 0 ? 'skipped' : 'indexed';
        all.push({ id: lib.scope.photos.insert(fields(path, takenAt, status)), path, takenAt, status });
      }
    });
  });
  afterEach(async () => lib.cleanup());

  it('pages through the photos under a folder, newest first, undated last, and nothing else', () => {
    const want = all
      .filter((p) => p.status === 'indexed' && p.path.startsWith('/p/trip/'))
      .sort((a, b) => (b.takenAt ?? -Infinity) - (a.takenAt ?? -Infinity) || b.id - a.id)
      .map((p) => p.id);
    const got: number[] = [];
    for (let offset = 0; ; offset += 16) {
      const page = lib.scope.photos.page(offset, 16, '/p/trip');
      expect(page.total).toBe(want.length);
      if (page.photos.length === 0) break;
      got.push(...page.photos.map((p) => p.id));
    }
    expect(got).toEqual(want);
  });
});
