import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../electron/core/core-error.js';
import type { OpenedImage } from '../../../electron/core/image/opened-image.js';
import { makeThumbnail } from '../../../electron/core/image/thumbnail.js';

function fakeImage(width: number, height: number, input?: Buffer): OpenedImage {
  return {
    path: '/fake.png',
    format: 'png',
    width,
    height,
    multiFrame: false,
    pipeline: () => (input ? sharp(input) : sharp({ create: { width, height, channels: 3, background: '#808080' } })),
  };
}

describe('makeThumbnail', () => {
  it('makes a WebP whose long side is maxSide', async () => {
    const thumb = await makeThumbnail(fakeImage(1000, 500));
    const meta = await sharp(thumb).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 160]);
  });

  it('never upscales a small image', async () => {
    const meta = await sharp(await makeThumbnail(fakeImage(100, 60), 320)).metadata();
    expect([meta.width, meta.height]).toEqual([100, 60]);
  });

  it('turns a decode failure into a CoreError', async () => {
    const broken = fakeImage(10, 10, Buffer.from('not an image at all'));
    await expect(makeThumbnail(broken)).rejects.toBeInstanceOf(CoreError);
  });
});
