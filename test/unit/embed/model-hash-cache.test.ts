import { mkdtemp, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashFiles } from '../../../electron/core/embed/model-id.js';
import { ModelHashCache } from '../../../electron/core/embed/model-hash-cache.js';

/** Counts how often the bytes are really read; the digest is the product's own. */
function countingHash(): ((files: readonly string[]) => Promise<string>) & { calls: number } {
  const hash = async (files: readonly string[]): Promise<string> => {
    hash.calls++;
    return hashFiles(files);
  };
  hash.calls = 0;
  return hash;
}

// The files are written by the test a moment ago; a clock a minute ahead makes them "settled"
// (the racy-write guard is tested on its own below with the real clock).
const later = (): number => Date.now() + 60_000;

describe('model hash cache', () => {
  let dir: string;
  let vision: string;
  let text: string;
  let cacheFile: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'recollect-hash-cache-'));
    vision = path.join(dir, 'vision_model.onnx');
    text = path.join(dir, 'text_model.onnx');
    cacheFile = path.join(dir, 'cache', 'model-hash-cache.json');
    await writeFile(vision, 'vision bytes');
    await writeFile(text, 'text bytes');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A fresh instance per call, as each process start has. */
  const hashWith = (hash: ReturnType<typeof countingHash>, now = later) => new ModelHashCache(cacheFile, { hash, now }).hashFiles([vision, text]);

  it('gives the digest hashFiles gives, and reads an unchanged folder only once across process starts', async () => {
    const hash = countingHash();
    const first = await hashWith(hash);
    expect(first).toBe(await hashFiles([vision, text]));
    expect(await hashWith(hash)).toBe(first);
    expect(await hashWith(hash)).toBe(first);
    expect(hash.calls).toBe(1);
  });

  it('hashes again when a file gets other content of another size', async () => {
    const hash = countingHash();
    const first = await hashWith(hash);
    await writeFile(text, 'longer text bytes');
    const second = await hashWith(hash);
    expect(second).not.toBe(first);
    expect(second).toBe(await hashFiles([vision, text]));
    expect(hash.calls).toBe(2);
  });

  it('hashes again when a file gets other content of the same size and a new mtime', async () => {
    const hash = countingHash();
    const first = await hashWith(hash);
    await writeFile(text, 'TEXT BYTES');
    const old = await stat(text);
    await utimes(text, old.atime, new Date(old.mtimeMs + 5000));
    const second = await hashWith(hash);
    expect(second).not.toBe(first);
    expect(second).toBe(await hashFiles([vision, text]));
  });

  it('sees a same-size rewrite whose mtime was set back (touch -r): the ctime moved', async () => {
    const hash = countingHash();
    // Whole seconds, so utimes can put back exactly the same mtime (touch -r copies nanoseconds).
    const stamp = Math.floor(Date.now() / 1000) - 3600;
    await utimes(text, stamp, stamp);
    const before = await stat(text, { bigint: true });
    const first = await hashWith(hash);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(text, 'TEXT BYTES');
    await utimes(text, stamp, stamp);
    const after = await stat(text, { bigint: true });
    expect([after.mtimeNs, after.size]).toEqual([before.mtimeNs, before.size]);
    const second = await hashWith(hash);
    expect(second).not.toBe(first);
    expect(second).toBe(await hashFiles([vision, text]));
  });

  it('sees a file replaced by another with the same size and mtime (another inode)', async () => {
    const hash = countingHash();
    const stamp = Math.floor(Date.now() / 1000) - 3600;
    await utimes(vision, stamp, stamp);
    const first = await hashWith(hash);
    const other = path.join(dir, 'other.onnx');
    await writeFile(other, 'VISION BYTES');
    await utimes(other, stamp, stamp);
    await rename(other, vision);
    const second = await hashWith(hash);
    expect(second).not.toBe(first);
    expect(second).toBe(await hashFiles([vision, text]));
  });

  it.each([
    ['not JSON', '{ "format": 1, "entr'],
    ['another format', JSON.stringify({ format: 99, entries: [] })],
    ['a wrong digest shape', JSON.stringify({ format: 1, entries: [{ files: [], sha256: 'nope', hashedAt: 0 }] })],
  ])('a cache file that is %s means hash again, with the right digest and no error', async (_what, content) => {
    const hash = countingHash();
    await hashWith(hash);
    await writeFile(cacheFile, content);
    expect(await hashWith(hash)).toBe(await hashFiles([vision, text]));
    expect(hash.calls).toBe(2);
    // ...and the cache is whole again afterwards.
    expect(JSON.parse(await readFile(cacheFile, 'utf8'))).toMatchObject({ format: 1 });
    await hashWith(hash);
    expect(hash.calls).toBe(2);
  });

  it('does not trust files changed a moment before hashing (a same-second rewrite would look unchanged)', async () => {
    const hash = countingHash();
    await hashWith(hash, Date.now);
    await hashWith(hash, Date.now);
    expect(hash.calls).toBe(2);
  });

  it('still answers when the cache cannot be written', async () => {
    await writeFile(path.join(dir, 'cache'), 'a file where the cache folder would be');
    const hash = countingHash();
    expect(await hashWith(hash)).toBe(await hashFiles([vision, text]));
  });

  it('keeps one entry per folder: the order of the files is part of the key', async () => {
    const hash = countingHash();
    const cache = () => new ModelHashCache(cacheFile, { hash, now: later });
    const ab = await cache().hashFiles([vision, text]);
    const ba = await cache().hashFiles([text, vision]);
    expect(ba).not.toBe(ab);
    expect(await cache().hashFiles([vision, text])).toBe(ab);
    expect(hash.calls).toBe(2);
  });
});
