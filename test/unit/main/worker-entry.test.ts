/**
 * The worker side of the protocol: the dispatcher against a fake service, and the real entry
 * (worker-main.ts) over a real, empty library with a fake parentPort in place of Electron's.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../../electron/core/core-error.js';
import type { ApiService } from '../../../electron/service/api-service.js';
import { createWorkerDispatcher } from '../../../electron/worker/worker-dispatch.js';
import type { WorkerResponse } from '../../../electron/contract/worker-protocol.js';

function fakeService(): ApiService {
  return {
    getPhoto: vi.fn(async (id: number) => {
      if (id === 404) throw new CoreError('PHOTO_NOT_FOUND', 'That photo is no longer in the library.');
      if (id === 500) throw new Error('sqlite exploded\nstack...');
      return { id };
    }),
    revealPhoto: vi.fn(async () => undefined),
    assets: { resolve: vi.fn(async (kind: string, id: number) => ({ file: `/cache/${kind}/${id}.webp`, mime: 'image/webp' })) },
  } as unknown as ApiService;
}

describe('worker dispatcher', () => {
  const service = fakeService();
  const dispatch = createWorkerDispatcher(() => service);

  it('answers a contract call', async () => {
    expect(await dispatch({ id: 1, method: 'getPhoto', args: [7] })).toEqual({ id: 1, ok: true, result: { id: 7 } });
  });

  it('turns a CoreError into its code and anything else into INTERNAL with one line', async () => {
    expect(await dispatch({ id: 2, method: 'getPhoto', args: [404] })).toEqual({
      id: 2,
      ok: false,
      error: { code: 'PHOTO_NOT_FOUND', message: 'That photo is no longer in the library.' },
    });
    expect(await dispatch({ id: 3, method: 'getPhoto', args: [500] })).toEqual({ id: 3, ok: false, error: { code: 'INTERNAL', message: 'sqlite exploded' } });
  });

  it('answers void methods with null', async () => {
    expect(await dispatch({ id: 4, method: 'revealPhoto', args: [1] })).toEqual({ id: 4, ok: true, result: null });
  });

  it.each(['constructor', 'close', 'events', '__proto__', 'toString'])('refuses the non-contract name %s', async (method) => {
    const answer = await dispatch({ id: 5, method: method as 'getStatus', args: [] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('resolves assets by (kind, integer id) only', async () => {
    expect(await dispatch({ id: 6, method: 'asset:resolve', args: ['thumb', 3] })).toMatchObject({ ok: true, result: { file: '/cache/thumb/3.webp' } });
    for (const args of [['thumb', '3'], ['../x', 3], ['thumb', 1.5], []]) {
      expect(await dispatch({ id: 7, method: 'asset:resolve', args })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
  });
});

describe('worker entry over parentPort', () => {
  let tmp = '';
  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('serves calls for the library main names, with events forwarded', async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-worker-'));
    const libraryFile = path.join(tmp, 'lib', 'library.db');
    vi.stubEnv('RECOLLECT_LIBRARY', libraryFile);
    vi.stubEnv('RECOLLECT_CACHE_DIR', path.join(tmp, 'lib', 'cache'));
    vi.stubEnv('RECOLLECT_MODEL', '');
    const port = Object.assign(new EventEmitter(), { posted: [] as unknown[], postMessage: (m: unknown) => void port.posted.push(m) });
    Reflect.set(process, 'parentPort', port);
    const sigterm = process.listeners('SIGTERM');
    try {
      await import('../../../electron/worker/worker-main.js');
      const answer = (id: number) =>
        vi.waitFor(() => {
          const found = port.posted.find((m): m is WorkerResponse => typeof m === 'object' && m !== null && 'id' in m && m.id === id);
          if (!found) throw new Error('no answer yet');
          return found;
        });
      port.emit('message', { data: { id: 1, method: 'getStatus', args: [] } });
      expect(await answer(1)).toMatchObject({ ok: true, result: { libraryFile, photos: 0 } });
      port.emit('message', { data: { id: 2, method: 'getCapabilities', args: [] } });
      expect(await answer(2)).toMatchObject({ ok: true, result: { host: 'electron', pickFolder: true, shellActions: true } });
      const photos = path.join(tmp, 'Photos');
      await fs.mkdir(photos);
      port.emit('message', { data: { id: 3, method: 'addFolder', args: [photos] } });
      expect(await answer(3)).toMatchObject({ ok: true });
      expect(port.posted).toContainEqual({ event: 'libraryChanged', payload: { reason: 'folders' } });
      port.emit('message', { data: { id: 4, method: 'asset:resolve', args: ['thumb', 1] } });
      expect(await answer(4)).toEqual({ id: 4, ok: true, result: null });
      port.emit('message', { data: 'garbage' });
    } finally {
      for (const l of process.listeners('SIGTERM')) if (!sigterm.includes(l)) process.removeListener('SIGTERM', l);
      Reflect.deleteProperty(process, 'parentPort');
      vi.unstubAllEnvs();
    }
  });
});
