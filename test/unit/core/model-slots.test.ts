/**
 * Two models over one library (issue 7): the active model keeps answering searches while a new one
 * is filled by indexing, the new one takes over once complete, and switching back is instant.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type RecollectCore } from '../../../electron/core/create-core.js';
import type { SearchResult } from '../../../electron/core/search/search-service.js';
import { fakeModelLoader } from '../../helpers/fake-model.js';
import { writeColourPhotos } from '../../helpers/simple-photos.js';

describe('model slots over one library', () => {
  let tmp: string;
  let photos: string;
  let libraryFile: string;
  let core: RecollectCore;
  // B embeds slowly so searches land while it is being filled.
  const loader = fakeModelLoader({ 'model-b': { encodeDelayMs: 40 } });

  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-slots-'));
    photos = path.join(tmp, 'Photos');
    libraryFile = path.join(tmp, 'library.db');
    await writeColourPhotos(photos, { red: 6, green: 5, blue: 5 });
    core = createCore({ libraryFile, loadModel: loader, batchSize: 2, decodeConcurrency: 1 });
  });
  afterEach(async () => {
    await core.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const redHits = (r: SearchResult): number => r.hits.filter((h) => path.basename(h.photo.path).startsWith('red-')).length;

  it('the first model chosen becomes active at once', async () => {
    expect(await core.useModel('/models/model-a')).toEqual({ active: true });
    expect(core.status()).toMatchObject({ modelDir: '/models/model-a', pendingModelDir: null });
  });

  it('A answers every search while B is filled; B takes over when complete; switching back is instant', async () => {
    await core.useModel('/models/model-a');
    expect((await core.index([photos])).indexed).toBe(16);

    expect(await core.useModel('/models/model-b')).toEqual({ active: false });
    expect(core.status()).toMatchObject({ modelDir: '/models/model-a', pendingModelDir: '/models/model-b' });

    const during: { result: SearchResult; bVectors: number; answeredBy: string | null }[] = [];
    const searches: Promise<void>[] = [];
    const bVectors = await core.slotFor('/models/model-b').vectors();
    const report = await core.index([photos], {
      onProgress: (p) => {
        if (p.phase !== 'indexing' || p.processed === 0 || p.processed >= p.total) return;
        const filled = bVectors.count();
        searches.push(
          core.searchText('red', { all: true, k: 100 }).then((result) => {
            during.push({ result, bVectors: filled, answeredBy: core.status().modelDir });
          }),
        );
      },
    });
    await Promise.all(searches);
    expect(report.indexed).toBe(16);
    // Searches ran while B was part-filled, and each was answered in full by A.
    expect(during.some((d) => d.bVectors > 0 && d.bVectors < 16)).toBe(true);
    for (const d of during) {
      expect(d.answeredBy).toBe('/models/model-a');
      expect(d.result.hits).toHaveLength(16);
      expect(redHits({ ...d.result, hits: d.result.hits.slice(0, 6) })).toBe(6);
    }

    // B is complete: it answers now, and a second process opening the library sees the same.
    expect(core.status()).toMatchObject({ modelDir: '/models/model-b', pendingModelDir: null });
    const other = createCore({ libraryFile, loadModel: loader, readonly: true });
    expect(other.status()).toMatchObject({ modelDir: '/models/model-b', pendingModelDir: null });
    await other.close();
    const afterSwitch = await core.searchText('red', { all: true, k: 100 });
    expect(redHits({ ...afterSwitch, hits: afterSwitch.hits.slice(0, 6) })).toBe(6);

    // Back to A: its vectors are all there, so it is active at once and nothing is decoded again.
    const loadsBefore = loader.loads.length;
    const aImages = loader.models.get('model-a')?.calls.images ?? -1;
    expect(await core.useModel('/models/model-a')).toEqual({ active: true });
    expect(core.status().modelDir).toBe('/models/model-a');
    expect(loader.loads.length).toBe(loadsBefore);
    const again = await core.index([photos]);
    expect(again).toMatchObject({ indexed: 0, unchanged: 16 });
    expect(loader.models.get('model-a')?.calls.images).toBe(aImages);
  });

  it('a stopped fill keeps the previous model active, and the next run finishes the switch', async () => {
    await core.useModel('/models/model-a');
    await core.index([photos]);
    await core.useModel('/models/model-b');
    const abort = new AbortController();
    const stopped = await core.index([photos], {
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'indexing' && p.processed >= 4) abort.abort();
      },
    });
    expect(stopped.stopped).toBe(true);
    expect(core.status()).toMatchObject({ modelDir: '/models/model-a', pendingModelDir: '/models/model-b' });
    // The pending choice survives a restart: a new process continues filling B.
    await core.close();
    core = createCore({ libraryFile, loadModel: loader });
    expect(core.status().pendingModelDir).toBe('/models/model-b');
    const rest = await core.index([photos]);
    expect(rest.indexed + rest.unchanged).toBe(16);
    expect(rest.indexed).toBeLessThan(16);
    expect(core.status()).toMatchObject({ modelDir: '/models/model-b', pendingModelDir: null });
  });
});
