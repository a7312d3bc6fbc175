/**
 * The per-model vector store, the model registry and cross-model maintenance over a real
 * SQLite + sqlite-vec library: KNN with filters equals brute force, batched lookup, bulk scan.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pathRangeUnder, folderKey } from '../../../electron/core/store/path-range.js';
import type { PhotoFields } from '../../../electron/core/store/photo-record.js';
import { tempLibrary, type TempLibrary } from '../../helpers/fake-library.js';

const DIM = 8;

function unit(seed: number): Float32Array {
  const v = new Float32Array(DIM);
  let s = seed * 9301 + 49297;
  for (let i = 0; i < DIM; i++) {
    s = (s * 233280 + 12345) % 2147483647;
    v[i] = (s / 2147483647) * 2 - 1;
  }
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const fields = (path: string, takenAt: number): PhotoFields => ({
  path, folder: folderKey(path), size: 1, mtimeMs: 1, contentHash: null, status: 'indexed', skipReason: null, skipKind: null, format: 'jpeg',
  width: 1, height: 1, takenAt, takenAtSource: 'exif', cameraMake: null, cameraModel: null, gpsLat: null, gpsLon: null,
});

describe('vector store', () => {
  let lib: TempLibrary;
  const ids: number[] = [];

  beforeEach(async () => {
    lib = await tempLibrary('recollect-vectors-');
    ids.length = 0;
    const vectors = lib.scope.vectorsFor({ id: 'm1', name: 'm1', dim: DIM });
    lib.scope.transaction(() => {
      for (let i = 0; i < 300; i++) {
        const p = `/photos/${i % 3 === 0 ? 'trip' : 'home'}/p${i}.jpg`;
        const id = lib.scope.photos.insert(fields(p, i * 1000));
        vectors.put(id, unit(i), folderKey(p), i * 1000);
        ids.push(id);
      }
    });
  });
  afterEach(async () => lib.cleanup());

  const brute = (q: Float32Array, keep: (i: number) => boolean, k: number): number[] =>
    ids
      .map((id, i) => ({ id, i, s: unit(i).reduce((acc, x, d) => acc + x * (q[d] ?? 0), 0) }))
      .filter((x) => keep(x.i))
      .sort((a, b) => b.s - a.s)
      .slice(0, k)
      .map((x) => x.id);

  it('KNN with a folder filter and a date filter returns exactly the brute-force top k', () => {
    const vectors = lib.scope.vectorsFor({ id: 'm1', name: 'm1', dim: DIM });
    const q = unit(1234);
    expect(vectors.knn(q, 10).map((h) => h.photoId)).toEqual(brute(q, () => true, 10));
    expect(vectors.knn(q, 10, { folder: pathRangeUnder('/photos/trip') }).map((h) => h.photoId)).toEqual(brute(q, (i) => i % 3 === 0, 10));
    expect(vectors.knn(q, 10, { after: 100_000, before: 200_000 }).map((h) => h.photoId)).toEqual(brute(q, (i) => i >= 100 && i < 200, 10));
  });

  it('looks many vectors up at once, leaving out unknown ids', () => {
    const vectors = lib.scope.vectorsFor({ id: 'm1', name: 'm1', dim: DIM });
    const wanted = [ids[5] ?? 0, ids[77] ?? 0, 999_999];
    const got = vectors.getMany(wanted);
    expect([...got.keys()].sort((a, b) => a - b)).toEqual([ids[5], ids[77]].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(Array.from(got.get(ids[77] ?? 0) ?? [])).toEqual(Array.from(unit(77)));
  });

  it('scans every vector once, in id order, batch by batch', () => {
    const vectors = lib.scope.vectorsFor({ id: 'm1', name: 'm1', dim: DIM });
    const batches = [...vectors.scan(64)];
    expect(batches.map((b) => b.length)).toEqual([64, 64, 64, 64, 44]);
    expect(batches.flat().map((v) => v.photoId)).toEqual(ids);
  });

  it('a second model has its own table; maintenance deletes and moves under every model', () => {
    const m2 = lib.scope.vectorsFor({ id: 'm2', name: 'm2', dim: 4 });
    const id = ids[3] ?? 0;
    lib.scope.transaction(() => m2.put(id, Float32Array.of(1, 0, 0, 0), '/photos/home/', 0));
    expect(m2.missing()).toBe(299);
    lib.scope.transaction(() => lib.scope.maintenance.updateMetaEverywhere(id, '/elsewhere/', 0));
    const m1 = lib.scope.vectorsFor({ id: 'm1', name: 'm1', dim: DIM });
    expect(m1.knn(unit(3), 1, { folder: pathRangeUnder('/elsewhere') }).map((h) => h.photoId)).toEqual([id]);
    expect(m2.knn(Float32Array.of(1, 0, 0, 0), 1, { folder: pathRangeUnder('/elsewhere') }).map((h) => h.photoId)).toEqual([id]);
    lib.scope.transaction(() => lib.scope.maintenance.deleteEverywhere(id));
    expect([m1.has(id), m2.has(id), m1.count(), m2.count()]).toEqual([false, false, 299, 0]);
  });

  it('the kept vector count per model equals a count of the rows through every kind of write', () => {
    const m1 = lib.scope.vectorsFor({ id: 'm1', name: 'm1', dim: DIM });
    const m2 = lib.scope.vectorsFor({ id: 'm2', name: 'm2', dim: 4 });
    // A second connection (WAL: it sees each committed transaction), counting the rows themselves.
    const check = new Database(path.join(lib.dir, 'library.db'), { readonly: true });
    const countStmt = check.prepare('SELECT count(*) AS n FROM embeddings WHERE model_id = ?').pluck();
    const counted = (model: string): number => Number(countStmt.get(model));
    const kept = () => [m1.snapshot().count(), m2.snapshot().count()];
    const truth = () => [counted('m1'), counted('m2')];
    expect(kept()).toEqual([300, 0]);
    // Re-putting a photo's vector (INSERT OR REPLACE underneath) must not count it twice.
    lib.scope.transaction(() => {
      m1.put(ids[0] ?? 0, unit(1000), '/photos/trip/', 0);
      m2.put(ids[0] ?? 0, Float32Array.of(0, 1, 0, 0), '/photos/trip/', 0);
      m2.put(ids[0] ?? 0, Float32Array.of(0, 0, 1, 0), '/photos/trip/', 0);
      m2.put(ids[1] ?? 0, Float32Array.of(1, 0, 0, 0), '/photos/home/', 0);
    });
    expect(kept()).toEqual(truth());
    expect(kept()).toEqual([300, 2]);
    // A photo leaving the library (cascade), a photo's vectors deleted everywhere, a model removed.
    lib.scope.transaction(() => lib.scope.photos.delete(ids[5] ?? 0));
    lib.scope.transaction(() => lib.scope.maintenance.deleteEverywhere(ids[1] ?? 0));
    expect(kept()).toEqual(truth());
    expect(kept()).toEqual([298, 1]);
    lib.scope.models.remove('m2');
    expect(m1.snapshot().count()).toBe(counted('m1'));
    expect(counted('m2')).toBe(0);
    expect(lib.scope.vectorsFor({ id: 'm2', name: 'm2', dim: 4 }).snapshot().count()).toBe(0);
    check.close();
  });

  it('names the photos under a folder that have a vector under this model, and no others', () => {
    const m1 = lib.scope.vectorsFor({ id: 'm1', name: 'm1', dim: DIM });
    const m2 = lib.scope.vectorsFor({ id: 'm2', name: 'm2', dim: 4 });
    const trip = ids.filter((_, i) => i % 3 === 0);
    // A sibling whose name starts like the folder is not under it; a photo without a vector is left out.
    const sibling = lib.scope.photos.insert(fields('/photos/trip-2/x.jpg', 0));
    const bare = lib.scope.photos.insert(fields('/photos/trip/bare.jpg', 0));
    lib.scope.transaction(() => {
      m1.put(sibling, unit(9999), '/photos/trip-2/', 0);
      m2.put(trip[0] ?? 0, new Float32Array([1, 0, 0, 0]), '/photos/trip/', 0);
    });
    expect([...m1.idsWithVectorUnder('/photos/trip')].sort((a, b) => a - b)).toEqual(trip);
    expect(m1.idsWithVectorUnder('/photos/trip').has(bare)).toBe(false);
    expect([...m2.idsWithVectorUnder('/photos/trip')]).toEqual([trip[0]]);
    expect(m1.idsWithVectorUnder('/photos').size).toBe(301);
  });

  it('the registry refuses a model id that comes back with another dimension', () => {
    expect(() => lib.scope.vectorsFor({ id: 'm1', name: 'm1', dim: DIM }).count()).not.toThrow();
    expect(() => lib.scope.models.ensure({ id: 'm1', name: 'm1', dim: DIM + 1 })).toThrow(/dimension/);
    expect(lib.scope.models.list().map((m) => [m.id, m.table])).toEqual([['m1', 'vec_model_1']]);
  });
});
