/**
 * The renditions PhotoAssets makes: the viewer's preview stops at 1600 px, the full rendition for
 * its 1:1 zoom keeps every pixel (within a pixel budget), so 1:1 shows real image pixels.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoRecord } from '../../../electron/core/store/photo-record.js';
import { PhotoAssets, sideWithin } from '../../../electron/service/photo-assets.js';
import { writeNoisePhoto } from '../../helpers/simple-photos.js';

describe('photo renditions', () => {
  let tmp = '';
  let assets: PhotoAssets;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-assets-'));
    const folder = path.join(tmp, 'Photos');
    const file = path.join(folder, 'wide.jpg');
    await writeNoisePhoto(file, 7, 2400, 1600);
    // Only the fields PhotoAssets reads matter here; the rest of a record is the store's business.
    const photo = { id: 1, path: file, folder, status: 'indexed', mtimeMs: 1, size: 1 } as PhotoRecord;
    assets = new PhotoAssets(path.join(tmp, 'cache'), { getPhoto: (id) => (id === 1 ? photo : undefined), folders: () => [folder] });
  });

  afterAll(async () => {
    await assets.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const sizeOf = async (kind: 'preview' | 'full') => {
    const meta = await sharp((await assets.resolve(kind, 1))?.file ?? '').metadata();
    return { format: meta.format, width: meta.width, height: meta.height };
  };

  it('makes the preview 1600 px on its long side', async () => {
    expect(await sizeOf('preview')).toEqual({ format: 'webp', width: 1600, height: 1067 });
  });

  it('makes the full rendition at the photo\'s own size', async () => {
    expect(await sizeOf('full')).toEqual({ format: 'webp', width: 2400, height: 1600 });
  });

  it('scales a photo over the 50 MP budget down to it, and keeps smaller ones whole', () => {
    expect(sideWithin({ width: 8064, height: 6048 }, 16_383, 50_000_000)).toBe(8064);
    const side = sideWithin({ width: 12_000, height: 9000 }, 16_383, 50_000_000);
    expect(side * side * (9000 / 12_000)).toBeLessThanOrEqual(50_000_000);
    expect(side).toBeGreaterThan(8000);
    expect(sideWithin({ width: 30_000, height: 1000 }, 16_383, 50_000_000)).toBe(16_383);
  });
});
