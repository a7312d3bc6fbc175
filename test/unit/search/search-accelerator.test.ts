/**
 * The search accelerator (an int8 copy of a model's vectors, rescored in float32) answers exactly
 * what a brute-force search over SQLite answers: same top k, same filters, and it follows every
 * change (added, deleted, moved photos; writes from another connection; a trimmed change log).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibraryScope, type LibraryScope } from '../../../electron/core/library-scope.js';
import { SearchAccelerator, type AcceleratorOptions } from '../../../electron/core/search/accel/search-accelerator.js';
import { folderKey, pathRangeUnder } from '../../../electron/core/store/path-range.js';
import type { PhotoFields } from '../../../electron/core/store/photo-record.js';
import type { VectorFilter, VectorStore } from '../../../electron/core/store/vector-store.js';
import { tempLibrary, type TempLibrary } from '../../helpers/fake-library.js';

const DIM = 40; // not a multiple of 16: rows are padded for the kernel
const MODEL = { id: 'm1', name: 'm1', dim: DIM };

/** Deterministic clustered unit vectors: 12 centres, photos near one of them (real embeddings cluster). */
function vectorOf(seed: number): Float32Array {
  let s = (seed * 2654435761) % 4294967296;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  const centre = seed % 12;
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) v[i] = (i % 12 === centre ? 2 : 0) + rand();
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const fields = (path: string, takenAt: number): PhotoFields => ({
  path, folder: folderKey(path), size: 1, mtimeMs: 1, contentHash: null, status: 'indexed', skipReason: null, skipKind: null, format: 'jpeg',
  width: 1, height: 1, takenAt, takenAtSource: 'exif', cameraMake: null, cameraModel: null, gpsLat: null, gpsLon: null,
});

interface Photo {
  id: number;
  seed: number;
  folder: string;
  takenAt: number;
}

function addPhotos(scope: LibraryScope, from: number, to: number, into: Photo[]): void {
  const vectors = scope.vectorsFor(MODEL);
  scope.transaction(() => {
    for (let i = from; i < to; i++) {
      const p = `/photos/${['trip', 'home', 'trip-2', 'ünïcode'][i % 4] ?? 'x'}/p${i}.jpg`;
      const id = scope.photos.insert(fields(p, i * 1000));
      vectors.put(id, vectorOf(i), folderKey(p), i * 1000);
      into.push({ id, seed: i, folder: folderKey(p), takenAt: i * 1000 });
    }
  });
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

/** Brute force over what SQLite holds: every stored vector, the filter applied as SQL would. */
function exact(vectors: VectorStore, photos: Photo[], q: Float32Array, k: number, filter: VectorFilter = {}): { photoId: number; score: number }[] {
  const stored = vectors.getMany(photos.map((p) => p.id));
  return photos
    .filter((p) => stored.has(p.id))
    .filter((p) => !filter.folder || (Buffer.compare(Buffer.from(p.folder), Buffer.from(filter.folder.low)) >= 0 && Buffer.compare(Buffer.from(p.folder), Buffer.from(filter.folder.high)) < 0))
    .filter((p) => (filter.after === undefined || p.takenAt >= filter.after) && (filter.before === undefined || p.takenAt < filter.before))
    .filter((p) => p.id !== filter.exclude)
    .map((p) => ({ photoId: p.id, score: dot(stored.get(p.id) ?? new Float32Array(DIM), q) }))
    .sort((a, b) => b.score - a.score || a.photoId - b.photoId)
    .slice(0, k);
}

function expectSameTop(got: { photoId: number; score: number }[], want: { photoId: number; score: number }[]): void {
  expect(got.map((h) => h.photoId)).toEqual(want.map((h) => h.photoId));
  got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]?.score ?? NaN, 5));
}

const variants: [string, AcceleratorOptions][] = [
  ['float32 rows kept in memory', {}],
  ['float32 rows read back from SQLite', { floatBudgetBytes: 0 }],
];

describe.each(variants)('search accelerator (%s)', (_name, options) => {
  let lib: TempLibrary;
  let photos: Photo[];
  let accel: SearchAccelerator;
  let vectors: VectorStore;

  beforeEach(async () => {
    lib = await tempLibrary('recollect-accel-');
    photos = [];
    addPhotos(lib.scope, 0, 600, photos);
    vectors = lib.scope.vectorsFor(MODEL);
    accel = new SearchAccelerator(vectors, vectors.snapshot(), options);
  });
  afterEach(async () => lib.cleanup());

  const queries = [vectorOf(10_001), vectorOf(10_002), vectorOf(7)];

  it('returns the same top k, with the same scores, as exact search', () => {
    for (const q of queries) expectSameTop(accel.knn(q, 25), exact(vectors, photos, q, 25));
  });

  it('filtered by folder, by date and leaving one photo out returns what brute force returns', () => {
    const q = queries[0] ?? new Float32Array(DIM);
    const filters: VectorFilter[] = [
      { folder: pathRangeUnder('/photos/trip') },
      { folder: pathRangeUnder('/photos/ünïcode') },
      { after: 100_000, before: 250_000 },
      { folder: pathRangeUnder('/photos/home'), after: 300_000, exclude: photos[5]?.id ?? 0 },
    ];
    for (const filter of filters) expectSameTop(accel.knn(q, 15, filter), exact(vectors, photos, q, 15, filter));
  });

  it('follows photos added and deleted after it was built', () => {
    const q = queries[1] ?? new Float32Array(DIM);
    accel.knn(q, 5);
    addPhotos(lib.scope, 600, 700, photos);
    expect(accel.count()).toBe(700);
    expectSameTop(accel.knn(q, 30), exact(vectors, photos, q, 30));
    const gone = exact(vectors, photos, q, 10).map((h) => h.photoId);
    lib.scope.transaction(() => gone.forEach((id) => lib.scope.photos.delete(id)));
    photos = photos.filter((p) => !gone.includes(p.id));
    expect(accel.count()).toBe(690);
    expectSameTop(accel.knn(q, 30), exact(vectors, photos, q, 30));
  });

  it('follows a moved photo into its new folder', () => {
    const q = vectorOf(3);
    const target = photos[3];
    if (!target) throw new Error('no photo');
    accel.knn(q, 5);
    lib.scope.transaction(() => {
      lib.scope.photos.move(target.id, '/elsewhere/p3.jpg', '/elsewhere/', 1);
      lib.scope.maintenance.updateMetaEverywhere(target.id, '/elsewhere/', 3000);
    });
    expect(accel.knn(q, 5, { folder: pathRangeUnder('/elsewhere') }).map((h) => h.photoId)).toEqual([target.id]);
  });

  it('sees what another connection (another process) wrote, and rebuilds when the change log was trimmed past it', () => {
    const q = queries[2] ?? new Float32Array(DIM);
    accel.knn(q, 5);
    const other = openLibraryScope(lib.scope.file);
    addPhotos(other, 600, 650, photos);
    other.close();
    expectSameTop(accel.knn(q, 20), exact(vectors, photos, q, 20));
    const raw = new Database(lib.scope.file);
    raw.prepare('DELETE FROM vector_log').run();
    raw.close();
    addPhotos(lib.scope, 650, 660, photos);
    expectSameTop(accel.knn(q, 20), exact(vectors, photos, q, 20));
    expect(accel.count()).toBe(660);
  });

  it('samples the library for the cut-off: the stored vectors (float32 kept) or within int8 rounding of them', () => {
    const sample = accel.sample(50);
    expect(sample.length).toBe(50);
    const stored = vectors.getMany(sample.map((s) => s.photoId));
    const q = queries[0] ?? new Float32Array(DIM);
    for (const s of sample) {
      const v = stored.get(s.photoId) ?? new Float32Array(DIM);
      if (options.floatBudgetBytes === 0) expect(Math.abs(dot(s.vector, q) - dot(v, q))).toBeLessThan(0.01);
      else expect(Array.from(s.vector)).toEqual(Array.from(v));
    }
  });
});

// Both ways a host reads the file: synchronously inside the first query, or ahead of it with
// prepare() (parallel reads off the event loop; the app's warm-up and every text search).
for (const readAhead of [false, true]) describe(`search accelerator cache file (${readAhead ? 'read ahead with prepare()' : 'read on the first query'})`, () => {
  let lib: TempLibrary;
  let photos: Photo[];
  let vectors: VectorStore;
  let cacheFile: string;
  const q = vectorOf(20_001);
  const open = async (): Promise<SearchAccelerator> => {
    const accelerator = new SearchAccelerator(vectors, vectors.snapshot(), { cacheFile });
    if (readAhead) await accelerator.prepare();
    return accelerator;
  };

  beforeEach(async () => {
    lib = await tempLibrary('recollect-accel-file-');
    photos = [];
    addPhotos(lib.scope, 0, 400, photos);
    vectors = lib.scope.vectorsFor(MODEL);
    cacheFile = path.join(lib.dir, 'search-cache', 'm1.idx');
    const first = await open();
    expectSameTop(first.knn(q, 20), exact(vectors, photos, q, 20));
    expect(first.source).toBe('sqlite');
  });
  afterEach(async () => lib.cleanup());

  it('a fresh accelerator (another process) reads the file and answers what exact search answers', async () => {
    expect(fs.existsSync(cacheFile)).toBe(true);
    const next = await open();
    expectSameTop(next.knn(q, 20, { folder: pathRangeUnder('/photos/home') }), exact(vectors, photos, q, 20, { folder: pathRangeUnder('/photos/home') }));
    expect(next.source).toBe('file');
  });

  it('a file older than the library is brought up to date: photos added and deleted since are right', async () => {
    addPhotos(lib.scope, 400, 450, photos);
    const gone = exact(vectors, photos, q, 5).map((h) => h.photoId);
    lib.scope.transaction(() => gone.forEach((id) => lib.scope.photos.delete(id)));
    photos = photos.filter((p) => !gone.includes(p.id));
    const next = await open();
    expectSameTop(next.knn(q, 25), exact(vectors, photos, q, 25));
    expect([next.source, next.count()]).toEqual(['file', 445]);
  });

  it('a deleted file is rebuilt from SQLite', async () => {
    fs.rmSync(cacheFile);
    const next = await open();
    expectSameTop(next.knn(q, 20), exact(vectors, photos, q, 20));
    expect(next.source).toBe('sqlite');
    expect(fs.existsSync(cacheFile)).toBe(true);
  });

  it('a rebuild leaves out vectors whose photo is gone from the library', async () => {
    const gone = exact(vectors, photos, q, 3).map((h) => h.photoId);
    lib.scope.transaction(() => gone.forEach((id) => lib.scope.photos.delete(id)));
    photos = photos.filter((p) => !gone.includes(p.id));
    fs.rmSync(cacheFile);
    const next = await open();
    expectSameTop(next.knn(q, 20), exact(vectors, photos, q, 20));
    expect(next.count()).toBe(397);
  });

  const damage: [string, (f: string) => void][] = [
    ['truncated', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))],
    ['overwritten with garbage', (f) => fs.writeFileSync(f, Buffer.alloc(fs.statSync(f).size, 0x5a))],
    ['with its codes changed', (f) => {
      const b = fs.readFileSync(f);
      for (let i = b.length - 400 * 48; i < b.length; i += 7) b[i] = (b[i] ?? 0) ^ 0x33;
      fs.writeFileSync(f, b);
    }],
    ['with its metadata changed', (f) => {
      const b = fs.readFileSync(f);
      b[200] = (b[200] ?? 0) ^ 0xff;
      fs.writeFileSync(f, b);
    }],
  ];
  for (const [how, hurt] of damage) {
    it(`a file ${how} is not trusted: rebuilt from SQLite, every photo still found`, async () => {
      hurt(cacheFile);
      const next = await open();
      expectSameTop(next.knn(q, 20), exact(vectors, photos, q, 20));
      expect([next.source, next.count()]).toEqual(['sqlite', 400]);
      expect(lib.scope.photos.page(0, 1000).total).toBe(400);
    });
  }
});
