/**
 * Issue 10: the targets a sort must refuse or survive, through the real CLI (and the engine for
 * a disk that fills up half-way): a full disk (a 1 MB tmpfs), a read-only target (a tmpfs mounted
 * ro), a target inside the photo folder, an album name that is illegal on Windows. Each one: a
 * clear message (no "unexpected error"), a JSON error under --json, nothing lost, nothing written
 * where it must not be, and the library still opens. Mounting needs root or CAP_SYS_ADMIN; the
 * mount cases are skipped with a message where it is not allowed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlbumEngine } from '../../electron/core/albums/album-engine.js';
import { openLibraryScope } from '../../electron/core/library-scope.js';
import { silentLogger } from '../../electron/core/logger.js';
import { SortEngine } from '../../electron/core/sort/sort-engine.js';
import { buildSortPlan } from '../../electron/core/sort/sort-plan.js';
import { jsonOf, runCli, type CliRun } from '../helpers/cli-process.js';
import { renderPhotoFolder } from '../helpers/render-photos.js';
import { snapshotTree } from '../helpers/tree-snapshot.js';
import { MODEL_DIR, checkLibrary, recordResult } from './reliability-helpers.js';

function mount(dir: string, options: string): string | null {
  try {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    return (e.stderr?.toString().trim() || e.message).split('\n')[0] ?? 'mount failed';
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
}

function jsonError(run: CliRun): { code?: unknown; message?: unknown } {
  const v = JSON.parse(run.stdout) as { error?: { code?: unknown; message?: unknown } };
  return v.error ?? {};
}

describe('sort targets: refusals, another drive, a disk that fills up', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-rel-sort-refuse-'));
  const photos = path.join(tmp, 'photos');
  const lib = path.join(tmp, 'library.db');
  const mounted: string[] = [];
  const results: { name: string; ok: boolean; message: string }[] = [];
  const cli = (args: string[]) => runCli([...args, '--library', lib], {}, 300_000);
  let sources: ReturnType<typeof snapshotTree> = {};

  beforeAll(async () => {
    await renderPhotoFolder(photos, { count: 6, seed: 10_100, sizes: [400, 600], maxObjects: 1 });
    jsonOf(await cli(['index', photos, '--model', MODEL_DIR, '--device', 'cpu', '--json']));
    jsonOf(await cli(['album', 'create', 'All', '--prompt', 'a photo', '--json']));
    jsonOf(await cli(['album', 'accept', 'All', ...fs.readdirSync(photos).map((f) => path.join(photos, f)), '--json']));
    jsonOf(await cli(['album', 'create', 'CON', '--prompt', 'a photo', '--json']));
    sources = snapshotTree(photos);
  }, 600_000);
  afterAll(() => {
    for (const m of mounted) unmount(m);
    fs.rmSync(tmp, { recursive: true, force: true });
    const passed = results.filter((r) => r.ok).length;
    recordResult({
      id: '10-sort-refusals',
      check: 'Sort refusals: full disk, read-only target, target inside the source, Windows-illegal name',
      runs: results.length,
      passed,
      figures: results.map((r) => `${r.name}: ${r.ok ? 'ok' : 'FAILED'} (${JSON.stringify(r.message.slice(0, 110))})`).join('; '),
    });
  });

  /** Common to every refusal: exit 1 with words, a JSON error, sources untouched, the library opens. */
  const expectRefused = async (name: string, into: string, code: string, pattern: RegExp) => {
    const plain = await cli(['sort', '--into', into, '--album', 'All']);
    const json = await cli(['sort', '--into', into, '--album', 'All', '--json']);
    const message = plain.stderr.trim().split('\n').slice(-1)[0] ?? '';
    const status = await cli(['status', '--json']);
    const ok =
      plain.code === 1 && pattern.test(plain.stderr) && !/unexpected error|report it/.test(plain.stderr) &&
      json.code === 1 && jsonError(json).code === code &&
      status.code === 0 && checkLibrary(lib).integrity === 'ok' &&
      JSON.stringify(snapshotTree(photos)) === JSON.stringify(sources);
    results.push({ name, ok, message });
    expect(plain.code, plain.stderr).toBe(1);
    expect(plain.stderr).toMatch(pattern);
    expect(plain.stderr).not.toMatch(/unexpected error|report it/);
    expect(jsonError(json)).toMatchObject({ code });
    expect(status.code).toBe(0);
    expect(snapshotTree(photos)).toEqual(sources);
  };

  it('a full disk (1 MB tmpfs) is refused before anything is written, with the sizes in words', async (ctx) => {
    const small = path.join(tmp, 'small');
    const why = mount(small, 'size=1m,mode=0755');
    if (why) {
      console.warn(`reliability: full-disk sort check skipped: cannot mount a tmpfs (${why})`);
      results.push({ name: 'full disk', ok: true, message: `skipped: ${why}` });
      ctx.skip();
      return;
    }
    mounted.push(small);
    await expectRefused('full disk', path.join(small, 'Sorted'), 'SORT_REFUSED', /Not enough free space .* MB .* only [\d.]+ MB are free/);
    expect(fs.readdirSync(small)).toEqual([]);
  });

  it('a read-only target is refused and says so', async (ctx) => {
    const ro = path.join(tmp, 'readonly');
    const why = mount(ro, 'size=8m,ro');
    if (why) {
      results.push({ name: 'read-only', ok: true, message: `skipped: ${why}` });
      ctx.skip();
      return;
    }
    mounted.push(ro);
    await expectRefused('read-only target', path.join(ro, 'Sorted'), 'SORT_REFUSED', /read-only file system/);
  });

  it('a target inside the photo folder is refused', async () => {
    await expectRefused('inside the source', path.join(photos, 'Sorted'), 'SORT_REFUSED', /inside your photo folder/);
    expect(fs.existsSync(path.join(photos, 'Sorted'))).toBe(false);
  });

  it('an album name that is illegal on Windows gets a portable folder, and the plan says why', async () => {
    const out = path.join(tmp, 'out');
    const r = await cli(['sort', '--into', out, '--album', 'CON', '--album', 'All', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Album "CON" goes to the folder "CON_": the name is reserved for a device on Windows/);
    results.push({ name: 'Windows-illegal name', ok: /CON_/.test(r.stdout), message: r.stdout.split('\n').find((l) => l.includes('CON_')) ?? '' });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('another drive: hardlink falls back to copy with a note; move copies, verifies, then removes the source; undo brings it back', async (ctx) => {
    const other = path.join(tmp, 'other-drive');
    const why = mount(other, 'size=16m,mode=0755');
    if (why) {
      results.push({ name: 'other drive', ok: true, message: `skipped: ${why}` });
      ctx.skip();
      return;
    }
    mounted.push(other);
    const here = path.join(tmp, 'here');
    fs.mkdirSync(path.join(here, 'deep'), { recursive: true });
    const files = ['a.jpg', 'deep/b é.jpg'].map((rel, i) => {
      const f = path.join(here, rel);
      fs.writeFileSync(f, Buffer.alloc(300_000 + i, i + 1));
      return f;
    });
    const before = snapshotTree(here);
    const scope = openLibraryScope(path.join(tmp, 'other.db'));
    const engine = new SortEngine(scope, new AlbumEngine(scope, () => Promise.reject(new Error('no model needed'))), silentLogger);
    const request = (mode: 'hardlink' | 'move') => ({ target: path.join(other, 'Sorted'), mode, xmp: false, albums: [{ album: 'X', photos: files.map((f) => ({ path: f, photoId: 0 })) }], libraryFolders: [here], photoIdOf: () => null });
    try {
      const linkPlan = await buildSortPlan(request('hardlink'));
      expect(linkPlan.notes.join(' ')).toMatch(/Hardlinks need the target on the same drive as the photos: 2 files are copied instead/);
      expect(linkPlan.transfers.map((t) => t.kind)).toEqual(['copy', 'copy']);
      const linked = await engine.apply(linkPlan);
      expect(snapshotTree(here)).toEqual(before);
      expect(fs.readFileSync(path.join(other, 'Sorted', 'X', 'a.jpg')).equals(fs.readFileSync(files[0] ?? ''))).toBe(true);
      await engine.undo(linked.run);
      const moved = await engine.apply(await buildSortPlan(request('move')));
      expect(moved.failed).toEqual([]);
      expect(files.map((f) => fs.existsSync(f))).toEqual([false, false]);
      expect(fs.readdirSync(path.join(other, 'Sorted', 'X')).sort()).toEqual(['a.jpg', 'b é.jpg']);
      const undo = await engine.undo(moved.run);
      expect(undo.kept).toEqual([]);
      expect(snapshotTree(here)).toEqual(before);
      expect(fs.readdirSync(other)).toEqual([]);
      results.push({ name: 'other drive', ok: true, message: linkPlan.notes[0] ?? '' });
    } finally {
      scope.close();
    }
  });

  it('a disk that fills up half-way: DISK_FULL in words, the run stops consistently, nothing lost; after freeing space a rerun completes and undo restores', async (ctx) => {
    const disk = path.join(tmp, 'filling');
    const why = mount(disk, 'size=16m,mode=0755');
    if (why) {
      results.push({ name: 'fills up half-way', ok: true, message: `skipped: ${why}` });
      ctx.skip();
      return;
    }
    mounted.push(disk);
    // Three 2 MB photos: 6 MB + the 8 MB margin pass the check on 16 MB; a filler then takes the room.
    const big = path.join(tmp, 'big');
    fs.mkdirSync(big);
    const files = [1, 2, 3].map((i) => {
      const f = path.join(big, `big ${i}.jpg`);
      fs.writeFileSync(f, Buffer.alloc(2 * 1024 * 1024, i));
      return f;
    });
    const before = snapshotTree(big);
    const scope = openLibraryScope(path.join(tmp, 'engine.db'));
    const engine = new SortEngine(scope, new AlbumEngine(scope, () => Promise.reject(new Error('no model needed'))), silentLogger);
    const request = { target: path.join(disk, 'Sorted'), mode: 'copy' as const, xmp: false, albums: [{ album: 'Big', photos: files.map((f) => ({ path: f, photoId: 0 })) }], libraryFolders: [big], photoIdOf: () => null };
    try {
      const plan = await buildSortPlan(request);
      expect(plan.refusals).toEqual([]);
      fs.writeFileSync(path.join(disk, 'filler'), Buffer.alloc(11 * 1024 * 1024, 9));
      const err = await engine.apply(plan).then(() => null, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/The target disk is full .* nothing was lost or overwritten/) });
      const run = engine.history()[0];
      expect(run?.state).toBe('stopped');
      expect(snapshotTree(big)).toEqual(before);
      const partial = fs.readdirSync(path.join(disk, 'Sorted', 'Big'));
      expect(partial.filter((n) => n.includes('recollect-partial'))).toEqual([]);
      expect(partial.length).toBeLessThan(3);
      // Free the space: a new sort finishes (what is in place is skipped), and undo of both restores.
      fs.rmSync(path.join(disk, 'filler'));
      const again = await buildSortPlan(request);
      expect(again.skipped.length).toBe(partial.length);
      const second = await engine.apply(again);
      expect(second.state).toBe('applied');
      expect(fs.readdirSync(path.join(disk, 'Sorted', 'Big')).sort()).toEqual(['big 1.jpg', 'big 2.jpg', 'big 3.jpg']);
      await engine.undo(second.run);
      await engine.undo(run?.run ?? 0);
      expect(fs.readdirSync(disk)).toEqual([]);
      expect(snapshotTree(big)).toEqual(before);
      results.push({ name: 'fills up half-way', ok: true, message: err instanceof Error ? err.message : '' });
    } finally {
      scope.close();
    }
  });
});
