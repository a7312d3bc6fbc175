import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanCameraString, gpsFromTags, readPhotoMetadata } from '../../../electron/core/image/metadata.js';

const corpus = resolve(import.meta.dirname, '../../../../shared/corpus');
const haveCorpus = existsSync(join(corpus, 'SHA256SUMS'));
if (!haveCorpus) console.warn(`metadata corpus tests skipped: ${corpus} not found`);

describe('readPhotoMetadata on the shared corpus', () => {
  it.skipIf(!haveCorpus)('reads camera and capture time from Canon_40D.jpg', async () => {
    const meta = await readPhotoMetadata(join(corpus, 'exif-samples/jpg/Canon_40D.jpg'), 0);
    expect(meta).toMatchObject({ takenAtSource: 'exif', cameraMake: 'Canon', cameraModel: 'Canon EOS 40D', gps: null });
    expect(new Date(meta.takenAt).toISOString()).toBe('2008-05-30T15:56:01.000Z');
  });

  it.skipIf(!haveCorpus)('reads GPS with hemisphere signs', async () => {
    const meta = await readPhotoMetadata(join(corpus, 'exif-samples/jpg/gps/DSCN0010.jpg'), 0);
    expect(meta.gps?.lat).toBeCloseTo(43.4674, 3);
    expect(meta.gps?.lon).toBeCloseTo(11.8851, 3);
    const heic = await readPhotoMetadata(join(corpus, 'exif-samples/heic/IMG_5195.HEIC'), 0);
    expect(heic.gps?.lon).toBeLessThan(0); // GPSLongitudeRef W
  });

  it.skipIf(!haveCorpus)('rejects garbage GPS instead of storing it (pillow/exif_gps.jpg)', async () => {
    const meta = await readPhotoMetadata(join(corpus, 'pillow/exif_gps.jpg'), 0);
    expect(meta.gps).toBeNull();
  });

  it.skipIf(!haveCorpus)('falls back to the file time when there is no EXIF', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meta-'));
    try {
      const copy = join(dir, 'noexif.jpg');
      await copyFile(join(corpus, 'exifr-fixtures/noexif.jpg'), copy);
      const mtime = new Date(Date.UTC(2020, 5, 1, 12, 0, 0));
      await utimes(copy, mtime, mtime);
      const meta = await readPhotoMetadata(copy, mtime.getTime());
      expect(meta).toMatchObject({ takenAtSource: 'file', cameraMake: null, cameraModel: null, gps: null });
      const local = new Date(mtime.getTime());
      expect(new Date(meta.takenAt).getUTCHours()).toBe(local.getHours());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!haveCorpus)('never throws on broken EXIF', async () => {
    for (const file of ['pillow/hopper_bad_exif.jpg', 'pillow/invalid-exif.jpg', 'exif-samples/jpg/invalid/image01137.jpg', 'pngsuite/xs1n0g01.png']) {
      const meta = await readPhotoMetadata(join(corpus, file), 1_000);
      expect(meta.takenAt, file).toBeTypeOf('number');
    }
  });
});

describe('metadata helpers', () => {
  it('cleans camera strings', () => {
    expect(cleanCameraString('  Canon\u0000\u0000 ')).toBe('Canon');
    expect(cleanCameraString('Canon EOS 40D')).toBe('Canon EOS 40D');
    expect(cleanCameraString('NIKON   CORPORATION')).toBe('NIKON CORPORATION');
    expect(cleanCameraString('\u0000 ')).toBeNull();
    expect(cleanCameraString(42)).toBeNull();
  });

  it('validates GPS tags', () => {
    expect(gpsFromTags({ GPSLatitude: [0, 22.278, 0], GPSLatitudeRef: 'S', GPSLongitude: [36, 3, 23.1], GPSLongitudeRef: 'E' })?.lat).toBeCloseTo(-0.3713, 4);
    expect(gpsFromTags({ GPSLatitude: 4294967295 })).toBeNull();
    expect(gpsFromTags({ GPSLatitude: [0, 0, 0], GPSLongitude: [0, 0, 0] })).toBeNull();
    expect(gpsFromTags({ GPSLatitude: [95, 0, 0], GPSLongitude: [10, 0, 0] })).toBeNull();
  });
});
