/**
 * `recollect index` as a user runs it, over a real model and a real library file:
 * unchanged / moved / changed / deleted files, bad files, and what the summary says.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { writeNoisePhoto, writeNoisePhotos } from '../helpers/simple-photos.js';
import { testModelDir } from '../helpers/test-model.js';

interface IndexJson {
  indexed: number;
  unchanged: number;
  moved: number;
  removed: number;
  skipped: { path: string; reason: string }[];
  seconds: number;
}
interface SearchJson {
  query: string;
  hits: { path: string; score: number }[];
  cutoff: number | null;
}

const modelDir = testModelDir();

describe.skipIf(!modelDir)('recollect index: incremental behaviour', () => {
  let tmp: string;
  let photos: string;
  let lib: string;
  const index = async (): Promise<IndexJson> =>
    jsonOf<IndexJson>(await runCli(['index', photos, '--json', '--library', lib, '--model', modelDir ?? '', '--device', 'cpu']));

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-inc-'));
    photos = path.join(tmp, 'Photos');
    lib = path.join(tmp, 'lib', 'library.db');
    await writeNoisePhotos(path.join(photos, 'trip'), 6);
    await writeNoisePhoto(path.join(photos, 'home', 'cat.png'), 100);
    await fs.writeFile(path.join(photos, 'home', 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await fs.writeFile(path.join(photos, 'home', 'notes.txt'), 'not a photo');
    await fs.mkdir(path.join(photos, '.hidden'), { recursive: true });
    await writeNoisePhoto(path.join(photos, '.hidden', 'secret.jpg'), 200);
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('indexes every photo, lists the broken one with a reason, ignores non-photos and hidden folders', async () => {
    const r = await index();
    expect(r.indexed).toBe(7);
    expect(r.skipped.map((s) => path.basename(s.path))).toEqual(['broken.jpg']);
    expect(r.skipped[0]?.reason).toMatch(/\w{4,}/);
  });

  it('does not decode unchanged files again', async () => {
    const r = await index();
    expect(r).toMatchObject({ indexed: 0, unchanged: 7, moved: 0, removed: 0 });
    // The broken file is still reported, so the user keeps seeing it.
    expect(r.skipped).toHaveLength(1);
  });

  it('keeps the vector of a moved or renamed file instead of re-embedding it', async () => {
    const before = jsonOf<SearchJson>(await runCli(['similar', path.join(photos, 'trip', 'photo-0001.jpg'), '--json', '--all', '-k', '3', '--library', lib]));
    await fs.mkdir(path.join(photos, 'sorted'), { recursive: true });
    await fs.rename(path.join(photos, 'trip', 'photo-0001.jpg'), path.join(photos, 'sorted', 'renamed.jpg'));
    const r = await index();
    expect(r).toMatchObject({ indexed: 0, moved: 1, removed: 0, unchanged: 6 });
    const after = jsonOf<SearchJson>(await runCli(['similar', path.join(photos, 'sorted', 'renamed.jpg'), '--json', '--all', '-k', '3', '--library', lib]));
    expect(after.hits.map((h) => h.score)).toEqual(before.hits.map((h) => h.score));
  });

  it('re-embeds a changed file', async () => {
    await writeNoisePhoto(path.join(photos, 'trip', 'photo-0002.jpg'), 999, 400, 300);
    const r = await index();
    expect(r).toMatchObject({ indexed: 1, moved: 0, removed: 0, unchanged: 6 });
  });

  it('forgets a deleted file (and never touches the disk)', async () => {
    await fs.rm(path.join(photos, 'trip', 'photo-0003.jpg'));
    const r = await index();
    expect(r).toMatchObject({ indexed: 0, removed: 1, unchanged: 6 });
    const s = jsonOf<SearchJson>(await runCli(['search', 'a photo', '--json', '--all', '-k', '50', '--library', lib]));
    expect(s.hits.some((h) => h.path.endsWith('photo-0003.jpg'))).toBe(false);
    expect(s.hits).toHaveLength(6);
  });

  it('filters search by folder', async () => {
    const s = jsonOf<SearchJson>(await runCli(['search', 'a photo', '--json', '--all', '--folder', path.join(photos, 'trip'), '--library', lib]));
    expect(s.hits.length).toBe(4);
    expect(s.hits.every((h) => h.path.startsWith(path.join(photos, 'trip') + path.sep))).toBe(true);
  });

  it('reports counts and the model in status', async () => {
    type StatusJson = { photos: number; indexed: number; skipped: number; model: { id: string; device: string | null }; folders: unknown[] };
    const st = jsonOf<StatusJson>(await runCli(['status', '--json', '--library', lib]));
    expect(st).toMatchObject({ photos: 7, indexed: 6, skipped: 1 });
    // The indexed folder became a library folder: the desktop app shows and keeps it.
    expect(st.folders).toEqual([{ path: photos, photos: 6 }]);
    // status identifies the model from its files and opens no session: no device is claimed...
    expect(st.model).toMatchObject({ id: expect.stringMatching(/^onnx-/), device: null });
    // ...until asked to open it.
    const probed = jsonOf<StatusJson>(await runCli(['status', '--json', '--probe', '--library', lib]));
    expect(probed.model).toMatchObject({ id: st.model.id, device: 'cpu' });
  });

  it('fails with a one-line reason and exit 1 for a folder that does not exist', async () => {
    const r = await runCli(['index', path.join(tmp, 'nope'), '--library', lib]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Folder not found/);
  });
});

describe.skipIf(!modelDir)('recollect index: links and special files (issue 8)', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-links-')));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('indexes a linked photo once, lists links out of the folder and pipes named .jpg, and search finds only the real file', async () => {
    const photos = path.join(tmp, 'Photos');
    const outside = path.join(tmp, 'Private');
    await writeNoisePhoto(path.join(photos, 'album', 'real.jpg'), 1);
    await writeNoisePhoto(path.join(outside, 'far.jpg'), 2);
    await fs.symlink(path.join(photos, 'album', 'real.jpg'), path.join(photos, 'alias.jpg'));
    await fs.symlink(path.join(outside, 'far.jpg'), path.join(photos, 'far.jpg'));
    execFileSync('mkfifo', [path.join(photos, 'pipe.jpg')]);
    const lib = path.join(tmp, 'library.db');
    const r = jsonOf<IndexJson>(await runCli(['index', photos, '--json', '--library', lib, '--model', modelDir ?? '', '--device', 'cpu']));
    expect(r.indexed).toBe(1);
    expect(r.skipped.map((s) => `${path.basename(s.path)}: ${s.reason}`)).toEqual([
      expect.stringMatching(/^far\.jpg: symbolic link to a photo outside your library folders/),
      expect.stringMatching(/^pipe\.jpg: not a photo file: this is a named pipe/),
    ]);
    const hits = jsonOf<SearchJson>(await runCli(['search', 'anything', '--json', '--all', '--library', lib, '--model', modelDir ?? '', '--device', 'cpu'])).hits;
    expect(hits.map((h) => h.path)).toEqual([path.join(photos, 'album', 'real.jpg')]);
  });
});
