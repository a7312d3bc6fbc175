/**
 * The API the UI talks to, over a real engine, model and library: folders, background indexing
 * with pause/resume, paging, thumbnails (library photos only), search, removal.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexStateDto } from '../../electron/contract/dto.js';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { writeNoisePhotos } from '../helpers/simple-photos.js';
import { testModelDir } from '../helpers/test-model.js';

const modelDir = testModelDir();

function waitFor(service: ApiService, pred: (s: IndexStateDto) => boolean, timeoutMs = 60_000): Promise<IndexStateDto> {
  return new Promise((resolve, reject) => {
    const check = (s: IndexStateDto) => {
      if (pred(s)) {
        off();
        clearTimeout(timer);
        resolve(s);
      }
    };
    const off = service.events.on('indexProgress', check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out; last state ${JSON.stringify(service.indexing.getState())}`));
    }, timeoutMs);
    check(service.indexing.getState());
  });
}

describe.skipIf(!modelDir)('api service', () => {
  let tmp: string;
  let photos: string;
  let service: ApiService;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-api-'));
    photos = path.join(tmp, 'Photos');
    await writeNoisePhotos(photos, 40);
    service = createApiService({
      libraryFile: path.join(tmp, 'lib', 'library.db'),
      cacheDir: path.join(tmp, 'lib', 'cache'),
      host: browserHostAdapter,
      modelDir: modelDir ?? undefined,
    });
  });
  afterAll(async () => {
    await service.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('adding a folder indexes it in the background; pause keeps what was done and resume finishes', async () => {
    await service.addFolder(photos);
    await waitFor(service, (s) => s.phase === 'indexing' && s.processed > 0);
    const paused = await service.pauseIndexing();
    expect(paused.paused).toBe(true);
    await service.indexing.settle();
    const partial = (await service.getStatus()).indexed;
    expect(partial).toBeGreaterThan(0);
    await service.resumeIndexing();
    const done = await waitFor(service, (s) => s.phase === 'done');
    expect(done.lastRun?.unchanged).toBe(partial);
    expect((await service.getStatus()).indexed).toBe(40);
  });

  it('pages the library and lists folders with counts', async () => {
    const page = await service.listPhotos({ offset: 10, limit: 5 });
    expect(page.total).toBe(40);
    expect(page.photos).toHaveLength(5);
    expect(await service.listFolders()).toEqual([{ path: photos, photos: 40, present: true }]);
  });

  it('makes an upright WebP thumbnail for a library photo and refuses unknown ids', async () => {
    const [first] = (await service.listPhotos({ offset: 0, limit: 1 })).photos;
    const asset = await service.assets.resolve('thumb', first?.id ?? 0);
    expect(asset?.mime).toBe('image/webp');
    const meta = await sharp(asset?.file ?? '').metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(320);
    expect(await service.assets.resolve('thumb', 987654)).toBeNull();
  });

  it('refuses a library photo that became a symlink to a file outside the library', async () => {
    const page = await service.listPhotos({ offset: 0, limit: 40 });
    const victim = page.photos[3];
    const outside = path.join(tmp, 'outside.jpg');
    await fs.copyFile(victim?.path ?? '', outside);
    await fs.rm(victim?.path ?? '');
    await fs.symlink(outside, victim?.path ?? '');
    expect(await service.assets.resolve('preview', victim?.id ?? 0)).toBeNull();
    // Open and reveal follow the same rule as thumbnails (issue 8, defect 5).
    await expect(service.openPhoto(victim?.id ?? 0)).rejects.toMatchObject({ code: 'PHOTO_NOT_FOUND' });
    await expect(service.revealPhoto(victim?.id ?? 0)).rejects.toMatchObject({ code: 'PHOTO_NOT_FOUND' });
  });

  it('searches by text and by example photo', async () => {
    const text = await service.search({ text: 'a photo', showWeak: true, limit: 100 });
    expect(text.hits).toHaveLength(40);
    const id = text.hits[0]?.photo.id ?? 0;
    const similar = await service.search({ similarTo: id, showWeak: true, limit: 5 });
    expect(similar.hits).toHaveLength(5);
    expect(similar.hits.some((h) => h.photo.id === id)).toBe(false);
  });

  it('removing a folder forgets its photos but never touches the disk', async () => {
    await service.removeFolder(photos);
    expect((await service.getStatus()).photos).toBe(0);
    expect((await fs.readdir(photos)).length).toBe(40);
  });

  it('explains a folder that does not exist', async () => {
    await expect(service.addFolder(path.join(tmp, 'missing'))).rejects.toMatchObject({ code: 'FOLDER_NOT_FOUND' });
  });
});
