/**
 * Orientation end to end on real files: the recurser exif-orientation-examples (all eight
 * EXIF orientations plus the invalid 0, MANIFEST INDEX-UPRIGHT) and phone HEICs, whose
 * rotation comes either from HEIF irot (iphone_15_pro.heic) or only from EXIF (iphone_7.heic).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openImage } from '../../electron/core/image/open-image.js';
import type { OpenedImage } from '../../electron/core/image/opened-image.js';

const corpus = resolve(import.meta.dirname, '../../../shared/corpus');
const haveCorpus = existsSync(join(corpus, 'SHA256SUMS'));
if (!haveCorpus) console.warn(`image orientation test skipped: no corpus at ${corpus}`);

const examples = (name: string): string => join(corpus, 'exif-orientation-examples', `${name}.jpg`);

/** Small greyscale rendering of the upright image, for pixel comparisons. */
async function thumbnailGrey(image: OpenedImage, width: number, height: number): Promise<Buffer> {
  return image.pipeline().resize(width, height, { fit: 'fill' }).greyscale().raw().toBuffer();
}

function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

describe.skipIf(!haveCorpus)('EXIF orientation examples', () => {
  let landscapeRef: Buffer = Buffer.alloc(0);
  let portraitRef: Buffer = Buffer.alloc(0);

  beforeAll(async () => {
    landscapeRef = await thumbnailGrey(await openImage(examples('Landscape_1')), 90, 60);
    portraitRef = await thumbnailGrey(await openImage(examples('Portrait_1')), 60, 90);
  });

  it('a mirrored reference really differs (the comparison can fail)', async () => {
    const mirrored = await (await openImage(examples('Landscape_1'))).pipeline().resize(90, 60, { fit: 'fill' }).flop().greyscale().raw().toBuffer();
    expect(meanAbsDiff(mirrored, landscapeRef)).toBeGreaterThan(20);
  });

  for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`Landscape_${n} opens as 1800x1200 and looks like Landscape_1`, async () => {
      const image = await openImage(examples(`Landscape_${n}`));
      expect([image.width, image.height]).toEqual([1800, 1200]);
      expect(meanAbsDiff(await thumbnailGrey(image, 90, 60), landscapeRef)).toBeLessThan(3); // measured <= 0.61; the digit label differs per file
    });

    it(`Portrait_${n} opens as 1200x1800 and looks like Portrait_1`, async () => {
      const image = await openImage(examples(`Portrait_${n}`));
      expect([image.width, image.height]).toEqual([1200, 1800]);
      expect(meanAbsDiff(await thumbnailGrey(image, 60, 90), portraitRef)).toBeLessThan(3); // measured <= 0.61; the digit label differs per file
    });
  }
});

describe.skipIf(!haveCorpus)('HEIC orientation', () => {
  it('applies HEIF irot (iphone_15_pro.heic is stored landscape, shown portrait)', async () => {
    const image = await openImage(join(corpus, 'photoprism-examples/iphone_15_pro.heic'));
    expect([image.width, image.height]).toEqual([3024, 4032]);
    const { info } = await image.pipeline().resize(64).raw().toBuffer({ resolveWithObject: true });
    expect(info.height).toBeGreaterThan(info.width);
  });

  it('applies EXIF orientation when the HEIF has no irot (iphone_7.heic: sky ends up on top)', async () => {
    const image = await openImage(join(corpus, 'photoprism-examples/iphone_7.heic'));
    expect([image.width, image.height]).toEqual([3024, 4032]);
    // The photo is a castle under a blue sky: upright, the top band is bluer than the bottom one.
    const pixels = await image.pipeline().resize(30, 40, { fit: 'fill' }).removeAlpha().raw().toBuffer();
    const blueness = (rowStart: number, rowEnd: number): number => {
      let sum = 0;
      for (let y = rowStart; y < rowEnd; y += 1) {
        for (let x = 0; x < 30; x += 1) {
          const at = (y * 30 + x) * 3;
          sum += (pixels[at + 2] ?? 0) - (pixels[at] ?? 0);
        }
      }
      return sum / ((rowEnd - rowStart) * 30);
    };
    expect(blueness(0, 8)).toBeGreaterThan(blueness(32, 40) + 20);
  });
});
