/**
 * Folder and grid counts are cached between library changes (they were recounted on every thumbnail
 * request); a change made on this connection or committed by another one (the Electron worker
 * indexes on its own connection) must show in the next answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../electron/core/store/folder-store.js';
import { openLibrary } from '../../electron/core/store/open-library.js';
import { folderKey } from '../../electron/core/store/path-range.js';
import { PhotoStore } from '../../electron/core/store/photo-store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-counts-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function addPhotos(db: Database, folder: string, from: number, n: number): void {
  const insert = db.prepare(
    `INSERT INTO photos (path, folder, size, mtime_ms, status, format, width, height, taken_at, indexed_at)
     VALUES (@path, @folder, 1, 0, 'indexed', 'jpeg', 10, 10, @i, 0)`,
  );
  for (let i = from; i < from + n; i++) {
    const file = path.join(folder, `p${i}.jpg`);
    insert.run({ path: file, folder: folderKey(file), i });
  }
}

describe('library counts', () => {
  it('follow inserts and deletes on this connection and commits of another', () => {
    const file = path.join(tmp, 'library.db');
    const app = openLibrary(file);
    const worker = openLibrary(file);
    const folders = new FolderStore(app.db);
    const photos = new PhotoStore(app.db);
    folders.add('/photos');
    expect(folders.list()[0]?.photos).toBe(0);
    expect(photos.page(0, 10, '/photos').total).toBe(0);

    addPhotos(app.db, '/photos', 0, 3);
    expect(folders.list()[0]?.photos).toBe(3);
    expect(photos.page(0, 10).total).toBe(3);

    worker.db.transaction(() => addPhotos(worker.db, '/photos', 3, 4))();
    expect(folders.list()[0]?.photos).toBe(7);
    expect(photos.page(0, 10, '/photos').total).toBe(7);
    expect(photos.page(0, 10).total).toBe(7);

    worker.db.prepare("UPDATE photos SET status = 'skipped' WHERE path = ?").run('/photos/p0.jpg');
    expect(folders.list()[0]?.photos).toBe(6);
    expect(photos.page(0, 10, '/photos').photos).toHaveLength(6);
    expect(photos.page(0, 10, '/photos').total).toBe(6);

    app.db.prepare('DELETE FROM photos WHERE path = ?').run('/photos/p1.jpg');
    expect(folders.list()[0]?.photos).toBe(5);
    expect(folders.paths()).toEqual(['/photos']);
    worker.close();
    app.close();
  });
});
