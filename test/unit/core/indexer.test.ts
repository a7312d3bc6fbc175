/**
 * The indexer built directly over real stores and a fake model (no ONNX): what a user notices of
 * indexing runs (new, unchanged, moved, edited, deleted, broken files) and what it keeps.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeModel } from '../../helpers/fake-model.js';
import { indexerOver, tempLibrary, type TempLibrary } from '../../helpers/fake-library.js';
import { writeColourPhotos } from '../../helpers/simple-photos.js';

describe('indexer over a fake model', () => {
  let lib: TempLibrary;
  let photos: string;

  beforeEach(async () => {
    lib = await tempLibrary('recollect-indexer-');
    photos = path.join(lib.dir, 'Photos');
    await writeColourPhotos(photos, { red: 3, green: 3, blue: 2 });
  });
  afterEach(async () => lib.cleanup());

  it('indexes every photo once, with one vector each, and a second run decodes nothing', async () => {
    const model = createFakeModel();
    const { indexer, vectors } = indexerOver(lib.scope, model);
    expect(await indexer.index([photos])).toMatchObject({ indexed: 8, unchanged: 0, skipped: [] });
    expect(vectors.count()).toBe(8);
    const images = model.calls.images;
    expect(await indexer.index([photos])).toMatchObject({ indexed: 0, unchanged: 8 });
    expect(model.calls.images).toBe(images);
  });

  it('a moved photo keeps its id and vector; an edited one is embedded again; a deleted one leaves the library', async () => {
    const model = createFakeModel();
    const { indexer, vectors } = indexerOver(lib.scope, model);
    await indexer.index([photos]);
    const moved = lib.scope.photos.getByPath(path.join(photos, 'red-0.png'));
    await fs.mkdir(path.join(photos, 'sub'));
    await fs.rename(path.join(photos, 'red-0.png'), path.join(photos, 'sub', 'renamed.png'));
    await fs.rm(path.join(photos, 'blue-1.png'));
    await fs.copyFile(path.join(photos, 'green-0.png'), path.join(photos, 'red-1.png'));
    const report = await indexer.index([photos]);
    expect(report).toMatchObject({ moved: 1, removed: 1, indexed: 1 });
    expect(lib.scope.photos.getByPath(path.join(photos, 'sub', 'renamed.png'))?.id).toBe(moved?.id);
    expect(vectors.has(moved?.id ?? 0)).toBe(true);
    expect(lib.scope.photos.getByPath(path.join(photos, 'blue-1.png'))).toBeUndefined();
    expect(vectors.count()).toBe(7);
  });

  it('a broken file is skipped with a reason and does not stop the run', async () => {
    await fs.writeFile(path.join(photos, 'broken.jpg'), Buffer.from('not a jpeg at all'));
    const { indexer } = indexerOver(lib.scope, createFakeModel());
    const report = await indexer.index([photos]);
    expect(report.indexed).toBe(8);
    expect(report.skipped).toHaveLength(1);
    expect(report.skipped[0]?.path).toBe(path.join(photos, 'broken.jpg'));
    expect(report.skipped[0]?.reason.length).toBeGreaterThan(5);
  });

  it('a second model fills only its own table and leaves the first model\'s vectors alone', async () => {
    const a = indexerOver(lib.scope, createFakeModel({ id: 'a' }));
    const b = indexerOver(lib.scope, createFakeModel({ id: 'b' }));
    await a.indexer.index([photos]);
    expect(b.vectors.missing()).toBe(8);
    expect(await b.indexer.index([photos])).toMatchObject({ indexed: 8 });
    expect([a.vectors.count(), b.vectors.count(), b.vectors.missing()]).toEqual([8, 8, 0]);
  });

  it('deleting a photo removes its vectors under every model in the same run', async () => {
    const a = indexerOver(lib.scope, createFakeModel({ id: 'a' }));
    const b = indexerOver(lib.scope, createFakeModel({ id: 'b' }));
    await a.indexer.index([photos]);
    await b.indexer.index([photos]);
    await fs.rm(path.join(photos, 'green-2.png'));
    expect((await a.indexer.index([photos])).removed).toBe(1);
    expect([a.vectors.count(), b.vectors.count()]).toEqual([7, 7]);
  });

  it('embeds again only the photo that lost its vector under this model; a photo outside the folder counts for nothing', async () => {
    const model = createFakeModel();
    const { indexer, vectors } = indexerOver(lib.scope, model);
    await indexer.index([photos]);
    // A sibling whose name shares the folder's prefix is not under it (Photos-2 vs Photos).
    const sibling = path.join(lib.dir, 'Photos-2');
    await writeColourPhotos(sibling, { red: 1 });
    await indexer.index([sibling]);
    const lost = lib.scope.photos.getByPath(path.join(photos, 'green-1.png'));
    lib.scope.transaction(() => lib.scope.maintenance.deleteEverywhere(lost?.id ?? 0));
    const images = model.calls.images;
    expect(await indexer.index([photos])).toMatchObject({ indexed: 1, unchanged: 7, removed: 0 });
    expect(model.calls.images).toBe(images + 1);
    expect(vectors.has(lost?.id ?? 0)).toBe(true);
  });

  it('rescans a folder the library knows more photos under than one JavaScript call can take as arguments', async () => {
    // 130,000 > V8's ~125,000 limit on spread arguments: collecting the known photos with
    // push(...rows) threw "Maximum call stack size exceeded" here.
    const { indexer, vectors } = indexerOver(lib.scope, createFakeModel());
    await indexer.index([photos]);
    // The rows of a deleted folder, written in one statement through a second connection (the
    // store's one-row inserts would take most of this test's time).
    const gone = path.join(photos, 'deleted');
    const db = new Database(path.join(lib.dir, 'library.db'));
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 129999)
       INSERT INTO photos (path, folder, size, mtime_ms, status, skip_reason, skip_kind, indexed_at)
       SELECT @dir || @sep || 'p' || i || '.png', @dir || @sep, 1, 1, 'skipped', 'corrupt', 'content', 0 FROM n`,
    ).run({ dir: gone, sep: path.sep });
    db.close();
    expect(await indexer.index([photos])).toMatchObject({ indexed: 0, unchanged: 8, removed: 130_000 });
    expect([lib.scope.photos.indexedCount(), vectors.count()]).toEqual([8, 8]);
  }, 60_000);
});
