/**
 * Sort to disk through the RecollectApi (what both hosts serve): dry run, export as a background
 * job with progress events and its outcome, undo, history, and refusals in words.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexStateDto } from '../../electron/contract/dto.js';
import type { SortJobDto } from '../../electron/contract/sort-dto.js';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { chooseScenes, writeScenes } from '../helpers/render-scenes.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

function until<T>(service: ApiService, event: 'indexProgress' | 'sortProgress', pred: (p: T) => boolean, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} matched in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = service.events.on(event, (p) => {
      const payload = p as T;
      if (!pred(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

describe('sort to disk through the API', () => {
  let tmp = '';
  let photosDir = '';
  let service: ApiService;
  let albumId = 0;
  const opened: string[] = [];

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-sort-api-'));
    photosDir = path.join(tmp, 'Photos');
    const [red, other] = chooseScenes(
      [
        { count: 6, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === 'red' },
        { count: 18, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour !== 'red' },
      ],
      8_400_000,
    );
    await writeScenes(photosDir, [...(red ?? []), ...(other ?? [])]);
    service = createApiService({ libraryFile: path.join(tmp, 'library.db'), cacheDir: path.join(tmp, 'cache'), host: { ...browserHostAdapter, open: async (target: string) => void opened.push(target) }, modelDir: FIXTURE_MODEL_DIR });
    const done = until<IndexStateDto>(service, 'indexProgress', (s) => s.phase === 'done', 120_000);
    await service.addFolder(photosDir);
    await done;
    albumId = (await service.createAlbum({ name: 'Red things', include: ['red things'] })).id;
  }, 180_000);
  afterAll(async () => {
    await service.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('a dry run plans every member and writes nothing; export and undo run as jobs with an outcome', async () => {
    const into = path.join(tmp, 'Sorted');
    const members = (await service.getAlbum({ id: albumId })).total;
    const plan = await service.planSort({ into, albumIds: [albumId] });
    expect(plan.refusals).toEqual([]);
    expect(plan.albums).toMatchObject([{ name: 'Red things', photos: members }]);
    expect(plan.files).toBe(members);
    await expect(fs.access(into)).rejects.toThrow();

    const finished = until<SortJobDto>(service, 'sortProgress', (j) => !j.running);
    const started = await service.startSort({ into, albumIds: [albumId] });
    expect(started).toMatchObject({ kind: 'apply', running: true });
    await expect(service.startSort({ into, albumIds: [albumId] })).rejects.toMatchObject({ code: 'SORT_REFUSED' });
    const job = await finished;
    expect(job.outcome).toMatchObject({ kind: 'apply', error: null, stopped: false });
    const written = await fs.readdir(path.join(into, 'Red things'));
    expect(written.filter((f) => f.endsWith('.png'))).toHaveLength(members);
    const runs = await service.listSortRuns();
    expect(runs[0]).toMatchObject({ run: job.run, state: 'applied', mode: 'copy', albums: ['Red things'] });
    // "Show in folder" on the result opens the export's folder, found from the run (never a path sent in).
    await service.revealSortTarget(job.run ?? 0);
    expect(opened).toEqual([into]);

    const undone = until<SortJobDto>(service, 'sortProgress', (j) => !j.running && j.kind === 'undo');
    await service.startSortUndo(job.run ?? 0);
    expect((await undone).outcome).toMatchObject({ kind: 'undo', error: null });
    expect(await fs.readdir(into).catch(() => [])).toEqual([]);
    expect((await service.listSortRuns())[0]).toMatchObject({ state: 'undone' });
    expect((await fs.readdir(photosDir)).length).toBe(24);
  });

  it('refuses in words: a target inside a library folder, a relative path, an unknown run', async () => {
    const inside = await service.planSort({ into: path.join(photosDir, 'Sorted'), albumIds: [albumId] });
    expect(inside.refusals.join(' ')).toMatch(/inside/i);
    await expect(service.startSort({ into: path.join(photosDir, 'Sorted'), albumIds: [albumId] })).rejects.toMatchObject({ code: 'SORT_REFUSED' });
    await expect(service.planSort({ into: 'Sorted', albumIds: [albumId] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.startSortUndo(9999)).rejects.toMatchObject({ code: 'SORT_RUN_NOT_FOUND' });
    await expect(service.revealSortTarget(9999)).rejects.toMatchObject({ code: 'SORT_RUN_NOT_FOUND' });
  });
});
