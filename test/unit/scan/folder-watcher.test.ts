/**
 * The folder watcher on real files in a temp folder: which changes it reports, once per quiet
 * period, and not before a file being written has stopped growing.
 */
import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCandidateImagePath } from '../../../electron/core/image/supported-formats.js';
import { FolderWatcher, type WatchBatch } from '../../../electron/core/scan/folder-watcher.js';

describe('FolderWatcher', () => {
  let root = '';
  let watcher: FolderWatcher;
  let batches: WatchBatch[] = [];
  let sizesSeen: number[] = [];
  const next = (count = 1) => expect.poll(() => batches.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-watch-'));
    await fs.mkdir(path.join(root, 'sub'));
    batches = [];
    sizesSeen = [];
    watcher = new FolderWatcher({
      acceptFile: isCandidateImagePath,
      onChanges: (b) => {
        batches.push(b);
        for (const p of b.paths) if (p.endsWith('big.jpg')) sizesSeen.push(statSync(p).size);
      },
      quietMs: 300,
      stableMs: 300,
      maxPending: 3,
    });
    await watcher.watch([root]);
  });

  afterEach(async () => {
    await watcher.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('reports new photos in one batch and leaves out non-images and hidden files', async () => {
    await fs.writeFile(path.join(root, 'notes.txt'), 'not a photo');
    await fs.writeFile(path.join(root, '.hidden.jpg'), 'x');
    await fs.writeFile(path.join(root, 'a.jpg'), 'a');
    await fs.writeFile(path.join(root, 'sub', 'b.PNG'), 'b');
    await next();
    expect(batches).toHaveLength(1);
    expect([...(batches[0]?.paths ?? [])].sort()).toEqual([path.join(root, 'a.jpg'), path.join(root, 'sub', 'b.PNG')]);
  });

  it('reports deleted photos and removed folders', async () => {
    await fs.writeFile(path.join(root, 'sub', 'c.jpg'), 'c');
    await next();
    await fs.rm(path.join(root, 'sub'), { recursive: true });
    await next(2);
    expect(batches[1]?.paths).toEqual(expect.arrayContaining([path.join(root, 'sub')]));
  });

  it('waits until a file being copied stops growing', async () => {
    const file = path.join(root, 'big.jpg');
    const handle = await fs.open(file, 'w');
    for (let i = 0; i < 5; i++) {
      await handle.write(Buffer.alloc(10_000, i));
      await new Promise((r) => setTimeout(r, 100));
    }
    await handle.close();
    await next();
    expect(sizesSeen).toEqual([50_000]);
  });

  it('keeps at most maxPending paths and says it overflowed', async () => {
    for (let i = 0; i < 6; i++) await fs.writeFile(path.join(root, `p${i}.jpg`), String(i));
    await next();
    expect(batches[0]).toMatchObject({ overflowed: true });
    expect(batches[0]?.paths).toHaveLength(3);
  });

  it('stops reporting once closed', async () => {
    await watcher.close();
    expect(watcher.roots).toEqual([]);
    // A second watcher on the same folder: by the time it reports the new photo, a live first one would have too.
    const witness: WatchBatch[] = [];
    const second = new FolderWatcher({ acceptFile: isCandidateImagePath, onChanges: (b) => witness.push(b), quietMs: 300, stableMs: 300 });
    await second.watch([root]);
    await fs.writeFile(path.join(root, 'late.jpg'), 'late');
    await expect.poll(() => witness.length, { timeout: 15_000 }).toBe(1);
    await second.close();
    expect(batches).toEqual([]);
  });
});
