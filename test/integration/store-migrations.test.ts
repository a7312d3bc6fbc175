/**
 * Libraries written by older versions open and keep their data; a library from a newer version is
 * refused with a message instead of being damaged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/core/store/migrations.js';
import { openLibrary } from '../../electron/core/store/open-library.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-mig-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function libraryAtVersion(version: number, file: string): void {
  const db = new Database(file);
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) db.exec(m.up);
  db.pragma(`user_version = ${version}`);
  db.prepare("INSERT INTO folders (path, added_at) VALUES ('/photos', 1)").run();
  db.prepare(
    "INSERT INTO photos (path, folder, size, mtime_ms, status, taken_at, indexed_at) VALUES ('/photos/a.jpg', '/photos/', 10, 20, 'indexed', 30, 40)",
  ).run();
  db.close();
}

describe('library migrations', () => {
  for (const m of MIGRATIONS.slice(0, -1)) {
    it(`upgrades a version ${m.version} library to ${SCHEMA_VERSION} and keeps its folders and photos`, () => {
      const file = path.join(tmp, `v${m.version}.db`);
      libraryAtVersion(m.version, file);
      const lib = openLibrary(file);
      expect(lib.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(lib.db.prepare('SELECT path FROM folders').all()).toEqual([{ path: '/photos' }]);
      expect(lib.db.prepare('SELECT path, taken_at FROM photos').all()).toEqual([{ path: '/photos/a.jpg', taken_at: 30 }]);
      expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok');
      lib.close();
    });
  }

  it('counts each model\'s vectors when it gains kept counts (8), and keeps them right afterwards', () => {
    const file = path.join(tmp, 'v7-vectors.db');
    libraryAtVersion(7, file);
    const db = new Database(file);
    db.prepare("INSERT INTO photos (path, folder, size, mtime_ms, status, indexed_at) VALUES ('/photos/b.jpg', '/photos/', 10, 20, 'indexed', 40)").run();
    db.prepare("INSERT INTO models (id, name, dim, vec_table, created_at) VALUES ('m1', 'm1', 4, 'vec_model_1', 1), ('m2', 'm2', 4, 'vec_model_2', 1)").run();
    db.prepare("INSERT INTO embeddings (photo_id, model_id) SELECT id, 'm1' FROM photos").run();
    db.prepare("INSERT INTO embeddings (photo_id, model_id) SELECT id, 'm2' FROM photos WHERE path = '/photos/a.jpg'").run();
    db.close();
    const lib = openLibrary(file);
    const counts = () => lib.db.prepare('SELECT model_id, n FROM vector_counts ORDER BY model_id').all();
    expect(counts()).toEqual([{ model_id: 'm1', n: 2 }, { model_id: 'm2', n: 1 }]);
    lib.db.prepare("DELETE FROM photos WHERE path = '/photos/a.jpg'").run();
    expect(counts()).toEqual([{ model_id: 'm1', n: 1 }, { model_id: 'm2', n: 0 }]);
    lib.close();
  });

  it('keeps skipped photos through the skip-kind migration (3), their kind unknown so they are retried once', () => {
    const file = path.join(tmp, 'v2-skipped.db');
    libraryAtVersion(2, file);
    const db = new Database(file);
    db.prepare(
      "INSERT INTO photos (path, folder, size, mtime_ms, status, skip_reason, indexed_at) VALUES ('/photos/locked.jpg', '/photos/', 10, 20, 'skipped', 'permission denied', 40)",
    ).run();
    db.close();
    const lib = openLibrary(file);
    expect(lib.db.prepare("SELECT path, status, skip_reason, skip_kind FROM photos WHERE status = 'skipped'").all()).toEqual([
      { path: '/photos/locked.jpg', status: 'skipped', skip_reason: 'permission denied', skip_kind: null },
    ]);
    expect(() => lib.db.prepare("UPDATE photos SET skip_kind = 'whatever'").run()).toThrow(/CHECK constraint/);
    lib.close();
  });

  it('a library from before albums (version 3) gains empty albums; one with albums keeps them, prompts and labels, through every later migration', () => {
    const before = path.join(tmp, 'v3-albums.db');
    libraryAtVersion(3, before);
    const upgraded = openLibrary(before);
    expect(upgraded.db.prepare('SELECT count(*) AS n FROM albums').get()).toEqual({ n: 0 });
    upgraded.close();

    const file = path.join(tmp, 'v4-albums.db');
    libraryAtVersion(4, file);
    const db = new Database(file);
    db.prepare("INSERT INTO albums (id, name, created_at, updated_at) VALUES (7, 'Cats', 1, 2)").run();
    db.prepare("INSERT INTO album_prompts (album_id, kind, position, text) VALUES (7, 'include', 0, 'a cat'), (7, 'exclude', 0, 'a drawing')").run();
    db.prepare("INSERT INTO album_labels (album_id, content_hash, label, path, labelled_at) VALUES (7, 'abc', 1, '/photos/a.jpg', 3), (7, 'def', -1, '/photos/b.jpg', 4)").run();
    db.close();
    const lib = openLibrary(file);
    expect(lib.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(lib.db.prepare('SELECT id, name FROM albums').all()).toEqual([{ id: 7, name: 'Cats' }]);
    expect(lib.db.prepare('SELECT kind, text FROM album_prompts ORDER BY kind').all()).toEqual([
      { kind: 'exclude', text: 'a drawing' },
      { kind: 'include', text: 'a cat' },
    ]);
    expect(lib.db.prepare('SELECT content_hash, label FROM album_labels ORDER BY content_hash').all()).toEqual([
      { content_hash: 'abc', label: 1 },
      { content_hash: 'def', label: -1 },
    ]);
    expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok');
    lib.close();
  });

  it('refuses a library written by a newer version without changing it', () => {
    const file = path.join(tmp, 'future.db');
    libraryAtVersion(SCHEMA_VERSION, file);
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openLibrary(file)).toThrow(/newer Recollect/);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });
});
