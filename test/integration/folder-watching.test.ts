/**
 * Watching (issue 13): a service with `watch` on picks up new, changed, moved and deleted photos
 * without anyone pressing Rescan, and a library folder that vanishes (an unmounted drive, here
 * renamed away) is not taken for "every photo deleted"; when it is back, it is indexed again.
 * Real files, real model, real SQLite.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { writeNoisePhoto, writeNoisePhotos } from '../helpers/simple-photos.js';
import { testModelDir } from '../helpers/test-model.js';

const modelDir = testModelDir();
const poll = { timeout: 30_000, interval: 200 };

describe.skipIf(!modelDir)('watching the library folders', () => {
  let tmp = '';
  let photos = '';
  let service: ApiService;
  const total = async () => (await service.listPhotos({ offset: 0, limit: 500 })).total;
  const paths = async () => (await service.listPhotos({ offset: 0, limit: 500 })).photos.map((p) => p.path).sort();

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-watching-'));
    photos = path.join(tmp, 'Photos');
    await writeNoisePhotos(photos, 4);
    service = createApiService({
      libraryFile: path.join(tmp, 'lib', 'library.db'),
      cacheDir: path.join(tmp, 'lib', 'cache'),
      host: browserHostAdapter,
      modelDir: modelDir ?? undefined,
      watch: { quietMs: 300, stableMs: 200, rootCheckMs: 300 },
    });
    await service.addFolder(photos);
    await service.indexing.settle();
    await service.watcher?.ready();
    expect(await total()).toBe(4);
  });

  afterAll(async () => {
    await service.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('indexes a photo copied into a subfolder', async () => {
    await writeNoisePhoto(path.join(tmp, 'incoming.jpg'), 50);
    await fs.mkdir(path.join(photos, '2024'));
    await fs.copyFile(path.join(tmp, 'incoming.jpg'), path.join(photos, '2024', 'new.jpg'));
    await expect.poll(paths, poll).toContain(path.join(photos, '2024', 'new.jpg'));
  });

  it('re-reads a photo whose content changed', async () => {
    const file = path.join(photos, 'photo-0000.jpg');
    const before = (await service.listPhotos({ offset: 0, limit: 500 })).photos.find((p) => p.path === file);
    expect(before?.width).toBe(320);
    await writeNoisePhoto(file, 99, 200, 100);
    await expect.poll(async () => (await service.listPhotos({ offset: 0, limit: 500 })).photos.find((p) => p.path === file)?.width, poll).toBe(200);
  });

  it('keeps a moved photo as the same photo at its new path', async () => {
    const from = path.join(photos, 'photo-0001.jpg');
    const to = path.join(photos, '2024', 'moved.jpg');
    const id = (await service.listPhotos({ offset: 0, limit: 500 })).photos.find((p) => p.path === from)?.id;
    await fs.rename(from, to);
    await expect.poll(paths, poll).toContain(to);
    expect(await paths()).not.toContain(from);
    expect((await service.getPhoto(id ?? -1)).path).toBe(to);
  });

  it('forgets a deleted photo', async () => {
    const n = await total();
    await fs.rm(path.join(photos, 'photo-0002.jpg'));
    await expect.poll(total, poll).toBe(n - 1);
  });

  it('keeps every photo of a library folder that vanished, and indexes it again when it is back', async () => {
    const before = await paths();
    const runs = () => service.indexing.getState().lastRun;
    const lastRun = runs();
    const away = path.join(tmp, 'unplugged');
    await fs.rename(photos, away);
    // The watcher sees its folder go and starts a run; that run must remove nothing.
    await expect.poll(() => runs() !== lastRun && !service.indexing.getState().running, poll).toBe(true);
    expect(runs()?.removed).toBe(0);
    expect(await paths()).toEqual(before);
    expect((await service.listFolders())[0]?.present).toBe(false);

    await writeNoisePhoto(path.join(away, 'while-away.jpg'), 77);
    await fs.rename(away, photos);
    await expect.poll(paths, poll).toContain(path.join(photos, 'while-away.jpg'));
    expect(await paths()).toEqual(expect.arrayContaining(before));
    // Watched again: a later change is picked up too.
    await writeNoisePhoto(path.join(photos, 'after.jpg'), 78);
    await expect.poll(paths, poll).toContain(path.join(photos, 'after.jpg'));
  });
});
