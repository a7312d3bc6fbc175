import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyOrientation, swapsAxes } from '../../../electron/core/image/orientation.js';

/** A 3x2 image whose six pixels all differ, so any wrong flip or turn shows. */
async function asymmetricPng(orientation: number): Promise<Buffer> {
  const pixels = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0, 0, 255, 255, 255, 0, 255]);
  return sharp(pixels, { raw: { width: 3, height: 2, channels: 3 } })
    .png()
    .withMetadata({ orientation })
    .toBuffer();
}

describe('applyOrientation', () => {
  for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`matches libvips auto-orientation for EXIF orientation ${orientation}`, async () => {
      const stored = await asymmetricPng(orientation);
      const expected = await sharp(stored, { autoOrient: true }).raw().toBuffer({ resolveWithObject: true });
      const actual = await applyOrientation(sharp(stored, { autoOrient: false }), orientation)
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([actual.info.width, actual.info.height]).toEqual([expected.info.width, expected.info.height]);
      expect(actual.data.equals(expected.data)).toBe(true);
    });
  }

  it('says which orientations swap width and height', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].filter(swapsAxes)).toEqual([5, 6, 7, 8]);
  });
});
