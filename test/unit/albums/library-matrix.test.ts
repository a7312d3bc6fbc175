/**
 * The albums' library matrix holds every stored vector of the library's photos once, in photo-id
 * order, also after photos were re-embedded (their vectors then sit elsewhere in vec0's storage).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryMatrix } from '../../../electron/core/albums/library-matrix.js';
import { folderKey } from '../../../electron/core/store/path-range.js';
import type { PhotoFields } from '../../../electron/core/store/photo-record.js';
import { tempLibrary, type TempLibrary } from '../../helpers/fake-library.js';

const DIM = 12;
const vec = (i: number, gen = 0) => Float32Array.from({ length: DIM }, (_, j) => Math.cos(i * 3.1 + j + gen));
const fields = (path: string): PhotoFields => ({
  path, folder: folderKey(path), size: 1, mtimeMs: 1, contentHash: null, status: 'indexed', skipReason: null, skipKind: null, format: 'jpeg',
  width: 1, height: 1, takenAt: 1, takenAtSource: 'exif', cameraMake: null, cameraModel: null, gpsLat: null, gpsLon: null,
});

describe('library matrix', () => {
  let lib: TempLibrary;
  beforeEach(async () => {
    lib = await tempLibrary('recollect-matrix-');
  });
  afterEach(async () => lib.cleanup());

  it('reads every vector in photo-id order after re-embeds moved some of them in storage, none of a deleted photo', () => {
    const vectors = lib.scope.vectorsFor({ id: 'm', name: 'm', dim: DIM });
    const ids: number[] = [];
    lib.scope.transaction(() => {
      for (let i = 0; i < 1500; i++) {
        const id = lib.scope.photos.insert(fields(`/p/${i}.jpg`));
        vectors.put(id, vec(i), '/p/', 1);
        ids.push(id);
      }
    });
    const reembedded = ids.filter((_, i) => i % 7 === 0);
    lib.scope.transaction(() => reembedded.forEach((id) => vectors.put(id, vec(id, 1), '/p/', 1)));
    const gone = ids.filter((_, i) => i % 13 === 5);
    lib.scope.transaction(() => gone.forEach((id) => lib.scope.photos.delete(id)));
    const m = LibraryMatrix.load(vectors);
    const kept = ids.filter((id) => !gone.includes(id));
    expect(Array.from(m.ids)).toEqual(kept);
    const stored = vectors.getMany(kept);
    kept.forEach((id, r) => expect(Array.from(m.vector(r))).toEqual(Array.from(stored.get(id) ?? [])));
    expect(m.row(kept[10] ?? 0)).toBe(10);
  });
});
