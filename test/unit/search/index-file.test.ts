/**
 * The accelerator's cache file gives back the index that was written: live rows only, same
 * answers, and reads as "no file" for another model or dimension, for one changed byte anywhere in
 * the rows (the checksum, not only the accelerator's spot checks against SQLite), or for a file
 * of the older format.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readIndexFile, readIndexFileAsync, writeIndexFile } from '../../../electron/core/search/accel/index-file.js';
import { VectorIndex } from '../../../electron/core/search/accel/vector-index.js';

const DIM = 20;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-idx-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function vec(i: number): Float32Array {
  const v = Float32Array.from({ length: DIM }, (_, j) => Math.sin(i * 12.9898 + j * 78.233));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function build(keepFloats: boolean): VectorIndex {
  const index = new VectorIndex(DIM, 8, keepFloats); // small capacity: the index grows while filling
  for (let i = 1; i <= 300; i++) index.upsert(i, vec(i), { folder: `/f${i % 5}/`, takenAt: i });
  for (let i = 1; i <= 300; i += 3) index.remove(i);
  return index;
}

describe('search index file', () => {
  for (const keepFloats of [false, true]) {
    it(`round-trips live rows only, with the same answers (floats ${keepFloats ? 'kept' : 'not kept'})`, () => {
      const index = build(keepFloats);
      const file = path.join(tmp, `i-${String(keepFloats)}.idx`);
      writeIndexFile(file, index, 'm1', 42);
      const back = readIndexFile(file, DIM, 'm1');
      if (!back) throw new Error('file not read back');
      expect([back.seq, back.index.count, back.index.rows, back.index.hasFloats]).toEqual([42, 200, 200, keepFloats]);
      const q = vec(1000);
      const filter = { folder: { low: '/f2/', high: '/f20' }, after: 50 };
      expect(back.index.search(q, 30, filter)).toEqual(index.search(q, 30, filter).map((c) => ({ ...c, row: back.index.rowOfPhoto(c.photoId) })));
      expect(readIndexFile(file, DIM, 'another-model')).toBeNull();
      expect(readIndexFile(file, DIM + 16, 'm1')).toBeNull();
    });
  }

  it('a file bigger than the read chunks round-trips through both readers, and one flipped code byte anywhere makes it "no file"', async () => {
    // 150,000 rows x 32-byte stride: 4.8 MB of codes, read in 1 MiB (sync) or 4 MiB pieces (async).
    const index = new VectorIndex(DIM, 150_000, false);
    for (let i = 1; i <= 150_000; i++) index.upsert(i, vec(i), { folder: '/a/', takenAt: i });
    const file = path.join(tmp, 'big.idx');
    writeIndexFile(file, index, 'm1', 7);
    const q = vec(-5);
    for (const back of [readIndexFile(file, DIM, 'm1'), await readIndexFileAsync(file, DIM, 'm1')]) {
      expect(back?.seq).toBe(7);
      expect(back?.index.count).toBe(150_000);
      expect(back?.index.search(q, 10)).toEqual(index.search(q, 10));
    }
    const bytes = fs.readFileSync(file);
    for (const at of [bytes.length - 1000, bytes.length - 4_500_000]) {
      const hurt = Buffer.from(bytes);
      hurt[at] = (hurt[at] ?? 0) ^ 0x01;
      fs.writeFileSync(file, hurt);
      expect(readIndexFile(file, DIM, 'm1')).toBeNull();
      expect(await readIndexFileAsync(file, DIM, 'm1')).toBeNull();
    }
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 8));
    expect(await readIndexFileAsync(file, DIM, 'm1')).toBeNull();
    expect(await readIndexFileAsync(path.join(tmp, 'missing.idx'), DIM, 'm1')).toBeNull();
  });

  it('a file written in the older format (FNV checksum) reads as "no file"', () => {
    const file = path.join(tmp, 'old.idx');
    writeIndexFile(file, build(false), 'm1', 1);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32LE(1, 8);
    fs.writeFileSync(file, bytes);
    expect(readIndexFile(file, DIM, 'm1')).toBeNull();
  });
});
