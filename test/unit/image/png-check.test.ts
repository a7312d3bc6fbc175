import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPngStructure } from '../../../electron/core/image/png-check.js';
import { withReadOnlyFile } from '../../../electron/core/image/read-only-file.js';

let dir = '';
let good = Buffer.alloc(0);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'png-check-'));
  good = await sharp({ create: { width: 4, height: 3, channels: 3, background: '#c04080' } }).png().toBuffer();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function check(bytes: Buffer): Promise<string | null> {
  const path = join(dir, `t-${Math.random().toString(36).slice(2)}.png`);
  await writeFile(path, bytes);
  return withReadOnlyFile(path, checkPngStructure);
}

describe('checkPngStructure', () => {
  it('accepts a sound PNG', async () => {
    expect(await check(good)).toBeNull();
  });

  it('names a CRC error in IHDR', async () => {
    const bad = Buffer.from(good);
    bad[8 + 8 + 13] = (bad[8 + 8 + 13] ?? 0) ^ 0xff; // first CRC byte of IHDR
    expect(await check(bad)).toBe('corrupt PNG (CRC error in IHDR)');
  });

  it('names an invalid colour type', async () => {
    const bad = Buffer.from(good);
    bad[8 + 8 + 9] = 1; // colour type byte; the CRC check comes first, so patch the CRC too
    const { crc32 } = await import('node:zlib');
    bad.writeUInt32BE(crc32(bad.subarray(12, 12 + 4 + 13)) >>> 0, 8 + 8 + 13);
    expect(await check(bad)).toBe('corrupt PNG (invalid colour type 1)');
  });

  it('reports a file cut off inside a chunk as truncated', async () => {
    expect(await check(good.subarray(0, good.length - 20))).toMatch(/^truncated PNG \(\w{4} chunk cut off\)$/);
  });
});
