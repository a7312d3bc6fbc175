/**
 * The sort engine on a real library (SQLite, journal) and real files, without a model: plans are
 * built from explicit album members. Covers what a user would notice when names collide, when a
 * run is repeated, and each crash window of a step (the journal says `started`, the disk is
 * half-way), settled by the next sort or undo exactly as the SIGKILL loop relies on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlbumEngine } from '../../electron/core/albums/album-engine.js';
import { openLibraryScope, type LibraryScope } from '../../electron/core/library-scope.js';
import { silentLogger } from '../../electron/core/logger.js';
import { buildSortPlan, type SortSource } from '../../electron/core/sort/sort-plan.js';
import { SortEngine } from '../../electron/core/sort/sort-engine.js';
import { hashFile, tempNameFor } from '../../electron/core/sort/file-ops.js';
import type { SortMode } from '../../electron/core/store/sort-journal-store.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';

/** A pid no process has (checked), for runs "left by a killed process". */
function deadPid(): number {
  for (let pid = 3_999_999; pid > 100_000; pid -= 7919) {
    try {
      process.kill(pid, 0);
    } catch {
      return pid;
    }
  }
  throw new Error('no free pid found');
}

describe('sort engine: plans, collisions, and every crash window of a step', () => {
  let tmp = '';
  let lib: LibraryScope;
  let engine: SortEngine;
  let photos = '';
  let target = '';

  const write = (rel: string, content: string) => {
    const f = path.join(photos, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, content);
    return f;
  };
  /** Photos and target (the library file beside them changes with every journal write). */
  const tree = () => Object.fromEntries(Object.entries(snapshotTree(tmp)).filter(([k]) => !k.startsWith('library.db')));
  const addPhoto = (file: string) =>
    lib.photos.insert({
      path: file, folder: path.dirname(file) + path.sep, size: fs.statSync(file).size, mtimeMs: Math.trunc(fs.statSync(file).mtimeMs), contentHash: null,
      status: 'indexed', skipReason: null, skipKind: null, format: 'jpeg', width: 1, height: 1, takenAt: null, takenAtSource: null,
      cameraMake: null, cameraModel: null, gpsLat: null, gpsLon: null,
    });
  const plan = (albums: SortSource[], mode: SortMode = 'copy', xmp = false) =>
    buildSortPlan({ target, mode, xmp, albums, libraryFolders: [photos], photoIdOf: (p) => lib.photos.getByPath(p)?.id ?? null });

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-sort-engine-'));
    photos = path.join(tmp, 'photos');
    target = path.join(tmp, 'out', 'sorted');
    lib = openLibraryScope(path.join(tmp, 'library.db'));
    const noModel = async () => Promise.reject(new Error('no model in this test'));
    engine = new SortEngine(lib, new AlbumEngine(lib, noModel), silentLogger);
  });
  afterEach(() => {
    lib.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a name taken by other content gets " (2)" for the whole group; the same content is skipped; nothing is overwritten', async () => {
    const a = write('a/IMG_1.JPG', 'photo a');
    write('a/IMG_1.CR2', 'raw a');
    const b = write('b/IMG_1.JPG', 'photo b');
    const c = write('c/IMG_2.JPG', 'photo c');
    // Already in the target: IMG_1.JPG with other bytes (the user's), IMG_2.JPG with the same bytes.
    fs.mkdirSync(path.join(target, 'Cats'), { recursive: true });
    fs.writeFileSync(path.join(target, 'Cats', 'IMG_1.JPG'), 'the user file');
    fs.writeFileSync(path.join(target, 'Cats', 'IMG_2.JPG'), 'photo c');
    const p = await plan([{ album: 'Cats', photos: [a, b, c].map((x) => ({ path: x, photoId: 0 })) }]);
    expect(p.transfers.map((t) => path.relative(target, t.to)).sort()).toEqual(['Cats/IMG_1 (2).CR2', 'Cats/IMG_1 (2).JPG', 'Cats/IMG_1 (3).JPG'].sort());
    expect(p.skipped).toEqual([{ path: c, reason: expect.stringMatching(/already in place/) }]);
    expect(p.conflicts.map((x) => path.basename(x.to))).toEqual(['IMG_1 (2).JPG', 'IMG_1 (3).JPG']);
    expect(p.folders).toEqual([]);
    const before = tree();
    const r = await engine.apply(p);
    expect(r).toMatchObject({ state: 'applied', applied: 3, failed: [] });
    expect(fs.readFileSync(path.join(target, 'Cats', 'IMG_1.JPG'), 'utf8')).toBe('the user file');
    const u = await engine.undo(r.run);
    expect(u.kept).toEqual([]);
    expect(tree()).toEqual(before);
  });

  it('refuses a target inside a photo folder, and an album folder that is a file', async () => {
    const a = write('a/x.jpg', 'x');
    target = path.join(photos, 'sorted');
    const p = await plan([{ album: 'A', photos: [{ path: a, photoId: 0 }] }]);
    expect(p.refusals.join(' ')).toMatch(/inside your photo folder/);
    await expect(engine.apply(p)).rejects.toMatchObject({ code: 'SORT_REFUSED' });
    expect(fs.existsSync(target)).toBe(false);
    target = path.join(tmp, 'out');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'A'), 'a file where the folder would go');
    expect((await plan([{ album: 'A', photos: [{ path: a, photoId: 0 }] }])).refusals.join(' ')).toMatch(/is a file where the album folder/);
  });

  it('crash between link and unlink of a move: the next sort finishes it and the library follows', async () => {
    const a = write('a/IMG_1.JPG', 'photo a');
    const id = addPhoto(a);
    const p = await plan([{ album: 'A', photos: [{ path: a, photoId: id }] }], 'move');
    const journal = lib.sortJournal;
    const runId = journal.createRun({ target, mode: 'move', xmp: false, pid: deadPid(), albums: ['A'] }, [
      ...p.folders.map((dst) => ({ kind: 'mkdir' as const, src: null, dst, size: 0, album: null, photoId: null, keywords: null })),
      { kind: 'move', src: a, dst: path.join(target, 'A', 'IMG_1.JPG'), size: 7, album: 'A', photoId: id, keywords: null },
    ]);
    const steps = journal.steps(runId);
    for (const s of steps.filter((x) => x.kind === 'mkdir')) {
      fs.mkdirSync(s.dst);
      journal.markStep(s, { state: 'done', note: null });
    }
    const move = steps.find((x) => x.kind === 'move');
    if (!move) throw new Error('no move step');
    journal.markStep(move, { state: 'started', srcHash: await hashFile(a) });
    fs.linkSync(a, move.dst); // killed here: both names exist
    expect(engine.interrupted().map((r) => r.id)).toEqual([runId]);
    expect(await engine.resumeInterrupted()).toEqual([{ run: runId, kind: 'apply' }]);
    expect(fs.existsSync(a)).toBe(false);
    expect(fs.readFileSync(move.dst, 'utf8')).toBe('photo a');
    expect(lib.photos.get(id)?.path).toBe(move.dst);
    expect(journal.run(runId)?.state).toBe('applied');
    await engine.undo(runId);
    expect(fs.readFileSync(a, 'utf8')).toBe('photo a');
    expect(lib.photos.get(id)?.path).toBe(a);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  it('crash after a cross-volume copy was verified but before the source was removed: finished, one copy left', async () => {
    const a = write('a/IMG_1.JPG', 'photo a');
    const dst = path.join(target, 'A', 'IMG_1.JPG');
    const runId = lib.sortJournal.createRun({ target, mode: 'move', xmp: false, pid: deadPid(), albums: ['A'] }, [
      { kind: 'move', src: a, dst, size: 7, album: 'A', photoId: null, keywords: null },
    ]);
    const [step] = lib.sortJournal.steps(runId);
    if (!step) throw new Error('no step');
    lib.sortJournal.markStep(step, { state: 'started', srcHash: await hashFile(a) });
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(a, dst); // another inode, same bytes
    await engine.resumeInterrupted();
    expect(fs.existsSync(a)).toBe(false);
    expect(fs.readFileSync(dst, 'utf8')).toBe('photo a');
  });

  it('crash in the middle of a copy: the partial temp file is removed and the copy is redone; a final name never holds a partial file', async () => {
    const a = write('a/big.jpg', 'x'.repeat(10_000));
    const p = await plan([{ album: 'A', photos: [{ path: a, photoId: 0 }] }]);
    const runId = lib.sortJournal.createRun({ target, mode: 'copy', xmp: false, pid: deadPid(), albums: ['A'] }, [
      ...p.folders.map((dst) => ({ kind: 'mkdir' as const, src: null, dst, size: 0, album: null, photoId: null, keywords: null })),
      { kind: 'copy', src: a, dst: path.join(target, 'A', 'big.jpg'), size: 10_000, album: 'A', photoId: null, keywords: null },
    ]);
    const steps = lib.sortJournal.steps(runId);
    for (const s of steps.filter((x) => x.kind === 'mkdir')) {
      fs.mkdirSync(s.dst);
      lib.sortJournal.markStep(s, { state: 'done', note: null });
    }
    const copy = steps.find((x) => x.kind === 'copy');
    if (!copy) throw new Error('no copy step');
    lib.sortJournal.markStep(copy, { state: 'started', srcHash: await hashFile(a) });
    fs.writeFileSync(tempNameFor(copy.dst), 'x'.repeat(1234)); // killed mid-write
    expect(fs.existsSync(copy.dst)).toBe(false);
    await engine.resumeInterrupted();
    expect(fs.readFileSync(copy.dst, 'utf8')).toBe('x'.repeat(10_000));
    expect(fs.existsSync(tempNameFor(copy.dst))).toBe(false);
    await engine.undo(runId);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
    expect(fs.readFileSync(a, 'utf8')).toBe('x'.repeat(10_000));
  });

  it('crash while undoing a move (both names exist again): the next undo finishes, the photo is home once', async () => {
    const a = write('a/IMG_1.JPG', 'photo a');
    const id = addPhoto(a);
    const r = await engine.apply(await plan([{ album: 'A', photos: [{ path: a, photoId: id }] }], 'move'));
    const step = lib.sortJournal.steps(r.run).find((s) => s.kind === 'move');
    if (!step) throw new Error('no move step');
    lib.sortJournal.markStep(step, { state: 'undoing' });
    lib.sortJournal.setRunState(r.run, 'undoing', deadPid());
    fs.linkSync(step.dst, a); // killed between link and unlink of the way back
    expect(await engine.resumeInterrupted()).toEqual([{ run: r.run, kind: 'undo' }]);
    expect(fs.readFileSync(a, 'utf8')).toBe('photo a');
    expect(fs.existsSync(step.dst)).toBe(false);
    expect(lib.photos.get(id)?.path).toBe(a);
    expect(lib.sortJournal.run(r.run)?.state).toBe('undone');
  });

  it('a run another live process is applying is neither resumed nor undone from here', async () => {
    const a = write('a/x.jpg', 'x');
    const runId = lib.sortJournal.createRun({ target, mode: 'copy', xmp: false, pid: process.ppid, albums: ['A'] }, [
      { kind: 'copy', src: a, dst: path.join(target, 'x.jpg'), size: 1, album: 'A', photoId: null, keywords: null },
    ]);
    expect(engine.interrupted()).toEqual([]);
    await expect(engine.undo(runId)).rejects.toMatchObject({ code: 'SORT_REFUSED' });
  });

  it('an abort between steps stops the run consistently; undo reverses what was done', async () => {
    const files = Array.from({ length: 5 }, (_, i) => write(`a/p${i}.jpg`, `photo ${i}`));
    const p = await plan([{ album: 'A', photos: files.map((f) => ({ path: f, photoId: 0 })) }]);
    const controller = new AbortController();
    const before = tree();
    const r = await engine.apply(p, { signal: controller.signal, onProgress: (pr) => pr.done === 3 && controller.abort() });
    expect(r.state).toBe('stopped');
    expect(lib.sortJournal.run(r.run)?.state).toBe('stopped');
    expect(engine.interrupted()).toEqual([]);
    await engine.undo(r.run);
    expect(tree()).toEqual(before);
  });
});
