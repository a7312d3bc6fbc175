/**
 * A fake ServedService for browser-host unit tests: every API method records its calls, events
 * go through the real EventHub, and photo assets are the real PhotoAssets over a fake library
 * (so the library-only rules are the production ones).
 */
import { vi } from 'vitest';
import type { RecollectApi } from '../../../electron/contract/api.js';
import { API_METHODS } from '../../../electron/contract/channels.js';
import { idleIndexState } from '../../../electron/service/index-controller.js';
import { EventHub } from '../../../electron/service/event-hub.js';
import { PhotoAssets } from '../../../electron/service/photo-assets.js';
import type { PhotoRecord } from '../../../electron/core/store/photo-record.js';
import type { ServedService } from '../../../electron/serve/served-service.js';
import { CoreError } from '../../../electron/core/core-error.js';

export interface FakeLibrary {
  folders: string[];
  photos: Map<number, PhotoRecord>;
}

export function photoRecord(id: number, file: string, folder: string, status: PhotoRecord['status'] = 'indexed'): PhotoRecord {
  return {
    id, path: file, folder, size: 1, mtimeMs: 1, contentHash: null, status, skipReason: null, skipKind: null, format: 'jpeg',
    width: 10, height: 10, takenAt: null, takenAtSource: null, cameraMake: null, cameraModel: null,
    gpsLat: null, gpsLon: null, indexedAt: 1,
  };
}

export interface FakeService extends ServedService {
  readonly events: EventHub;
  /** Every call that reached the service, in order. */
  readonly calls: { method: string; args: unknown[] }[];
}

export function createFakeService(library: FakeLibrary, cacheDir: string): FakeService {
  const calls: { method: string; args: unknown[] }[] = [];
  const results: { [M in keyof RecollectApi]: (...args: Parameters<RecollectApi[M]>) => Awaited<ReturnType<RecollectApi[M]>> } = {
    getCapabilities: () => ({ host: 'browser', pickFolder: false, shellActions: false }),
    getStatus: () => ({ libraryFile: '/lib.db', photos: 0, indexed: 0, skipped: 0, folders: [], model: null, index: idleIndexState() }),
    setModel: () => results.getStatus(),
    listFolders: () => [],
    addFolder: (p) => {
      if (p === '/missing') throw new CoreError('FOLDER_NOT_FOUND', 'No folder at /missing.');
      if (p === '/boom') throw new Error('secret internal detail');
      if (p === '/full') throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return [{ path: p, photos: 0, present: true }];
    },
    removeFolder: () => [],
    pickFolder: () => null,
    startIndexing: () => idleIndexState(),
    pauseIndexing: () => idleIndexState(),
    resumeIndexing: () => idleIndexState(),
    getIndexState: () => idleIndexState(),
    listPhotos: ({ offset }) => ({ total: 0, offset, photos: [] }),
    getPhoto: () => {
      throw new CoreError('PHOTO_NOT_FOUND', 'That photo is no longer in the library.');
    },
    search: (q) => ({ query: q.text ?? '', hits: [], cutoff: null, hidden: 0, kind: 'text', moreHidden: false, negatives: [], answeredBy: { id: 'onnx-fake', name: 'fake', dir: '/models/fake' } }),
    revealPhoto: () => undefined,
    openPhoto: () => undefined,
    listAlbums: () => [],
    listStarterAlbums: () => [],
    createAlbum: ({ name, include, exclude }) => ({ id: 1, name, include, exclude: exclude ?? [], members: null, accepted: 0, rejected: 0 }),
    updateAlbum: ({ id }) => ({ id, name: 'A', include: ['a'], exclude: [], members: null, accepted: 0, rejected: 0 }),
    deleteAlbum: () => [],
    getAlbum: () => {
      throw new CoreError('ALBUM_NOT_FOUND', 'That album no longer exists.');
    },
    previewAlbum: () => ({ threshold: 0.2, members: 0, photos: [] }),
    labelAlbumPhotos: ({ albumId }) => ({ album: { id: albumId, name: 'A', include: ['a'], exclude: [], members: 0, accepted: 0, rejected: 0 }, previous: [] }),
    explainAlbumPhoto: () => {
      throw new CoreError('ALBUM_NOT_FOUND', 'That album no longer exists.');
    },
    categorize: () => ({ columns: [], minConfidence: 0.6 }),
    listSubfolders: (p) => ({ path: p ?? '/home/you', parent: '/', folders: [] }),
    planSort: ({ into }) => ({ target: into, mode: 'copy', xmp: true, albums: [], files: 0, sidecars: 0, folders: 0, bytes: 0, planned: [], skipped: [], conflicts: [], notes: [], refusals: [] }),
    startSort: () => ({ kind: 'apply', run: null, running: true, done: 0, total: 0, bytesDone: 0, bytesTotal: 0, currentPath: null, outcome: null }),
    startSortUndo: (run) => ({ kind: 'undo', run, running: true, done: 0, total: 0, bytesDone: 0, bytesTotal: 0, currentPath: null, outcome: null }),
    cancelSort: () => null,
    getSortJob: () => null,
    listSortRuns: () => [],
    listModels: () => ({ modelsDir: '/models', catalog: [], installed: [], downloads: [] }),
    startModelDownload: () => {
      throw new CoreError('MODEL_NOT_FOUND', 'There is no model "x" in the catalog.');
    },
    cancelModelDownload: () => null,
    getModelDownload: () => null,
    removeModel: () => {
      throw new CoreError('MODEL_NOT_FOUND', 'No model "x" is installed.');
    },
    importModelFolder: (p) => ({ id: 'imported', dir: `/models/imported`, files: [{ path: `${p}/config.json`, bytes: 1, sha256: '0' }] }),
    revealSortTarget: () => undefined,
    listFolderTree: () => [],
    listDuplicates: () => ({ groups: [], exactCopies: 0, threshold: null }),
    listStyleProviders: () => [],
    setStyleProviderSettings: () => [],
    previewStyle: ({ photoId, prompt, strength }) => ({ jobId: 'job-1', photoId, prompt, provider: 'clip-look', strength, running: true, fraction: 0, stage: 'Starting', result: null, error: null }),
    cancelStylePreview: () => null,
    getStyleJob: () => null,
    saveStyledCopy: () => ({ path: '/home/you/Pictures/IMG_0001 (styled).jpg' }),
  };
  const api = Object.fromEntries(
    API_METHODS.map((m) => [
      m,
      vi.fn(async (...args: unknown[]) => {
        calls.push({ method: m, args });
        return (results[m] as (...a: unknown[]) => unknown)(...args);
      }),
    ]),
  ) as unknown as RecollectApi;
  const assets = new PhotoAssets(cacheDir, {
    getPhoto: (id) => library.photos.get(id),
    folders: () => library.folders,
  });
  return { ...api, events: new EventHub(), assets, calls };
}
