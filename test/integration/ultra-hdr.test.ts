/**
 * Ultra HDR JPEGs (issue 13, defect 10): an SDR base image followed by a gain-map JPEG (listed in
 * an MPF APP2 segment, described by hdrgm XMP). Recollect indexes the base image and ignores the
 * gain map. The corpus's pillow/ultrahdr.jpg, which its MANIFEST marks INDEX, cannot be indexed:
 * it is a cut copy (Pillow keeps only the headers for its metadata tests). Measured: 48,197
 * bytes, while its own MPF index lists a 512,743-byte primary image and a gain map at offset
 * 513,025; the file ends 14 bytes after the start-of-scan header, so there is no pixel data at
 * all (decoding with failOn 'none' yields a flat grey frame). Skipping it as truncated is right.
 */
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineError } from '../../electron/core/image/decode-error.js';
import { openImage } from '../../electron/core/image/open-image.js';
import { CORPUS_DIR } from '../helpers/test-model.js';

const CORPUS_FILE = path.join(CORPUS_DIR, 'pillow/ultrahdr.jpg');

/** Sizes of the images an MPF APP2 segment lists (CIPA DC-007), little-endian as Pixel phones write it. */
function mpfImageSizes(jpeg: Buffer): number[] {
  const at = jpeg.indexOf(Buffer.from('MPF\0', 'latin1'));
  if (at < 0) return [];
  const tiff = jpeg.subarray(at + 4);
  const ifd = tiff.readUInt32LE(4);
  const count = tiff.readUInt16LE(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + 12 * i;
    if (tiff.readUInt16LE(entry) !== 0xb002) continue;
    const n = tiff.readUInt32LE(entry + 4) / 16;
    const offset = tiff.readUInt32LE(entry + 8);
    return Array.from({ length: n }, (_, k) => tiff.readUInt32LE(offset + 16 * k + 4));
  }
  return [];
}

async function decode(file: string): Promise<{ width: number; height: number; mean: number[] }> {
  const image = await openImage(file);
  const { data } = await image
    .pipeline()
    .resize(8, 8, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((err: unknown) => {
      throw pipelineError(err, image);
    });
  const mean = [0, 1, 2].map((c) => data.filter((_, i) => i % 3 === c).reduce((a, b) => a + b, 0) / 64);
  return { width: image.width, height: image.height, mean };
}

describe('Ultra HDR JPEGs', () => {
  let tmp = '';
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-uhdr-'));
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  it('index the SDR base image and ignore the gain map that follows it', async () => {
    const base = await sharp({ create: { width: 300, height: 500, channels: 3, background: { r: 220, g: 30, b: 30 } } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:hdrgm="http://ns.adobe.com/hdr-gain-map/1.0/" hdrgm:Version="1.0"/></rdf:RDF></x:xmpmeta>')
      .jpeg()
      .toBuffer();
    const gainMap = await sharp({ create: { width: 75, height: 125, channels: 3, background: { r: 20, g: 20, b: 230 } } }).jpeg().toBuffer();
    const file = path.join(tmp, 'pixel.jpg');
    await fs.writeFile(file, Buffer.concat([base, gainMap]));
    const decoded = await decode(file);
    expect([decoded.width, decoded.height]).toEqual([300, 500]);
    // Red, as the base image: not the blue gain map.
    expect(decoded.mean[0]).toBeGreaterThan(180);
    expect(decoded.mean[2]).toBeLessThan(80);
  });

  it.skipIf(!existsSync(CORPUS_FILE))('skip the corpus file as truncated: it holds under a tenth of the primary image its MPF lists', async () => {
    const bytes = readFileSync(CORPUS_FILE);
    const [primary] = mpfImageSizes(bytes);
    expect(primary).toBe(512_743);
    expect(bytes.length).toBe(48_197);
    await expect(decode(CORPUS_FILE)).rejects.toMatchObject({ code: 'DECODE_FAILED', message: expect.stringMatching(/^truncated or damaged JPEG/) });
  });
});
