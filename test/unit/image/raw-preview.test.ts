import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../electron/core/core-error.js';
import { openImage } from '../../../electron/core/image/open-image.js';

type Entry = [tag: number, type: number, value: number];

/** One little-endian IFD with LONG/SHORT single-value entries. */
function ifd(entries: Entry[], next = 0): Buffer {
  const out = Buffer.alloc(2 + entries.length * 12 + 4);
  out.writeUInt16LE(entries.length, 0);
  entries.forEach(([tag, type, value], i) => {
    const at = 2 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    if (type === 3) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(value, at + 8);
  });
  out.writeUInt32LE(next, 2 + entries.length * 12);
  return out;
}

/**
 * A minimal TIFF-structured RAW: IFD0 (Orientation, SubIFDs, a small JPEG thumbnail) and a
 * SubIFD holding the big preview, as NEF/DNG files lay them out.
 */
function fakeRaw(small: Buffer, big: Buffer, orientation: number, cutBigPreview = false): Buffer {
  const ifd0Size = 2 + 4 * 12 + 4;
  const subAt = 8 + ifd0Size;
  const subSize = 2 + 2 * 12 + 4;
  const smallAt = subAt + subSize;
  const bigAt = smallAt + small.length;
  const header = Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]);
  const ifd0 = ifd([
    [0x0112, 3, orientation],
    [0x014a, 4, subAt],
    [0x0201, 4, smallAt],
    [0x0202, 4, small.length],
  ]);
  const sub = ifd([
    [0x0201, 4, bigAt],
    [0x0202, 4, big.length],
  ]);
  const file = Buffer.concat([header, ifd0, sub, small, big]);
  return cutBigPreview ? file.subarray(0, bigAt + 10) : file;
}

const jpeg = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: '#336699' } }).jpeg().toBuffer();

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raw-preview-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('openImage on a TIFF-structured RAW', () => {
  it('uses the largest embedded JPEG and the RAW orientation', async () => {
    const path = join(dir, 'camera.NEF');
    await writeFile(path, fakeRaw(await jpeg(16, 8), await jpeg(400, 200), 6));
    const image = await openImage(path);
    expect(image.format).toBe('raw-preview');
    expect([image.width, image.height]).toEqual([200, 400]);
    const { info } = await image.pipeline().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([200, 400]);
  });

  it('says "no embedded preview" when there is none', async () => {
    const path = join(dir, 'bare.dng');
    const header = Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]);
    await writeFile(path, Buffer.concat([header, ifd([[0x0112, 3, 1]])]));
    const error = await openImage(path).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CoreError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining('no embedded preview') });
  });

  it('falls back to a smaller preview when the big one is cut off', async () => {
    const path = join(dir, 'cut.cr2');
    await writeFile(path, fakeRaw(await jpeg(160, 120), await jpeg(400, 200), 1, true));
    const image = await openImage(path);
    expect([image.width, image.height]).toEqual([160, 120]);
  });
});
