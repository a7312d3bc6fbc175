/**
 * A RecollectBridge for the renderer's unit tests: an in-memory library (folders, photos, model)
 * with every call recorded, events the test emits by hand, and `search` answered by the test
 * (each call waits until `replySearch` / `failSearch`), so stale replies can arrive out of order.
 * Any method can be replaced with `handle(method, impl)`; `reset()` restores the defaults.
 * Failures reject with a plain ApiErrorDto, as the Electron preload does.
 */
import type { PhotoAssetKind, RecollectApi, RecollectBridge, RecollectMethod } from '../../electron/contract/api.js';
import type { FolderDto, IndexStateDto, LibraryStatusDto, ModelStatusDto, PhotoDto, SearchQueryDto, SearchResultDto } from '../../electron/contract/dto.js';
import type { ApiErrorDto, ErrorCode } from '../../electron/contract/errors.js';
import type { RecollectEventMap, RecollectEventName } from '../../electron/contract/events.js';

export const IDLE_INDEX: IndexStateDto = {
  phase: 'idle', running: false, paused: false, found: 0, total: 0, processed: 0,
  imagesPerSecond: 0, etaSeconds: null, currentPath: null, skipped: [], lastRun: null, error: null,
};

export function apiError(code: ErrorCode, message: string): ApiErrorDto {
  return { code, message };
}

export function photo(id: number, folder = '/photos'): PhotoDto {
  return {
    id, path: `${folder}/img-${id}.jpg`, name: `img-${id}.jpg`, folder, format: 'jpeg', width: 640, height: 480, size: 1000,
    takenAt: null, takenAtSource: null, cameraMake: null, cameraModel: null, gps: null,
  };
}

export function model(dir: string): ModelStatusDto {
  return { dir, id: 'clip-test', name: 'Test CLIP', dim: 8, device: 'cpu', deviceChoice: 'auto', providerAttempts: [], error: null };
}

export interface PendingSearch {
  query: SearchQueryDto;
  resolve: (result: SearchResultDto) => void;
  reject: (err: unknown) => void;
}

export function searchResult(query: string, ids: number[], hidden = 0, kind: SearchResultDto['kind'] = 'text'): SearchResultDto {
  return { query, hits: ids.map((id, i) => ({ photo: photo(id), score: 0.3 - i * 0.01 })), cutoff: hidden > 0 ? 0.25 : null, hidden, kind, moreHidden: false, negatives: [] };
}

export class FakeApi {
  folders: FolderDto[] = [];
  photos: PhotoDto[] = [];
  modelDir: string | null = null;
  index: IndexStateDto = IDLE_INDEX;
  /** Every call in order, with its arguments. */
  calls: { method: RecollectMethod; args: unknown[] }[] = [];
  searches: PendingSearch[] = [];

  private impl: RecollectApi = this.defaults();
  private listeners = new Map<RecollectEventName, Set<(payload: never) => void>>();

  readonly bridge: RecollectBridge = {
    getCapabilities: (...a) => this.call('getCapabilities', a, () => this.impl.getCapabilities(...a)),
    getStatus: (...a) => this.call('getStatus', a, () => this.impl.getStatus(...a)),
    setModel: (...a) => this.call('setModel', a, () => this.impl.setModel(...a)),
    listFolders: (...a) => this.call('listFolders', a, () => this.impl.listFolders(...a)),
    addFolder: (...a) => this.call('addFolder', a, () => this.impl.addFolder(...a)),
    removeFolder: (...a) => this.call('removeFolder', a, () => this.impl.removeFolder(...a)),
    pickFolder: (...a) => this.call('pickFolder', a, () => this.impl.pickFolder(...a)),
    startIndexing: (...a) => this.call('startIndexing', a, () => this.impl.startIndexing(...a)),
    pauseIndexing: (...a) => this.call('pauseIndexing', a, () => this.impl.pauseIndexing(...a)),
    resumeIndexing: (...a) => this.call('resumeIndexing', a, () => this.impl.resumeIndexing(...a)),
    getIndexState: (...a) => this.call('getIndexState', a, () => this.impl.getIndexState(...a)),
    listPhotos: (...a) => this.call('listPhotos', a, () => this.impl.listPhotos(...a)),
    getPhoto: (...a) => this.call('getPhoto', a, () => this.impl.getPhoto(...a)),
    search: (...a) => this.call('search', a, () => this.impl.search(...a)),
    revealPhoto: (...a) => this.call('revealPhoto', a, () => this.impl.revealPhoto(...a)),
    openPhoto: (...a) => this.call('openPhoto', a, () => this.impl.openPhoto(...a)),
    listSubfolders: (...a) => this.call('listSubfolders', a, () => this.impl.listSubfolders(...a)),
    onIndexProgress: (listener) => this.listen('indexProgress', listener),
    onLibraryChanged: (listener) => this.listen('libraryChanged', listener),
    onWorkerRestarted: (listener) => this.listen('workerRestarted', listener),
    photoUrl: (kind: PhotoAssetKind, id: number) => `photo://${kind}/${id}`,
  };

  handle<M extends RecollectMethod>(method: M, impl: RecollectApi[M]): void {
    this.impl = { ...this.impl, [method]: impl };
  }

  reset(): void {
    this.folders = [];
    this.photos = [];
    this.modelDir = null;
    this.index = IDLE_INDEX;
    this.calls = [];
    this.searches = [];
    this.impl = this.defaults();
  }

  /** The arguments of every call to `method`, oldest first. */
  argsOf(method: RecollectMethod): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  emit<E extends RecollectEventName>(event: E, payload: RecollectEventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: RecollectEventMap[E]) => void)(payload);
  }

  status(): LibraryStatusDto {
    return {
      libraryFile: '/library/recollect.sqlite', photos: this.photos.length, indexed: this.photos.length, skipped: 0,
      folders: this.folders, model: this.modelDir === null ? null : model(this.modelDir), index: this.index,
    };
  }

  private call<T>(method: RecollectMethod, args: unknown[], run: () => Promise<T>): Promise<T> {
    this.calls.push({ method, args });
    return run();
  }

  private listen<E extends RecollectEventName>(event: E, listener: (payload: RecollectEventMap[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private defaults(): RecollectApi {
    const folderDto = (path: string): FolderDto => ({ path, photos: this.photos.filter((p) => p.folder === path).length, present: true });
    return {
      getCapabilities: async () => ({ host: 'browser', pickFolder: false, shellActions: false }),
      getStatus: async () => this.status(),
      setModel: async ({ dir }) => {
        this.modelDir = dir;
        return this.status();
      },
      listFolders: async () => this.folders,
      addFolder: async (path) => {
        this.folders = [...this.folders, folderDto(path)];
        return this.folders;
      },
      removeFolder: async (path) => {
        this.folders = this.folders.filter((f) => f.path !== path);
        return this.folders;
      },
      pickFolder: async () => null,
      startIndexing: async () => this.index,
      pauseIndexing: async () => (this.index = { ...this.index, paused: true, phase: 'paused' }),
      resumeIndexing: async () => (this.index = { ...this.index, paused: false }),
      getIndexState: async () => this.index,
      listPhotos: async ({ offset, limit, folder }) => {
        const matching = this.photos.filter((p) => folder === undefined || p.folder === folder);
        return { total: matching.length, offset, photos: matching.slice(offset, offset + limit) };
      },
      getPhoto: async (id) => {
        const found = this.photos.find((p) => p.id === id);
        if (!found) throw apiError('PHOTO_NOT_FOUND', `No photo ${id}`);
        return found;
      },
      search: (query) => new Promise((resolve, reject) => this.searches.push({ query, resolve, reject })),
      revealPhoto: async () => undefined,
      openPhoto: async () => undefined,
      listSubfolders: async (path) => ({ path: path ?? '/home/you', parent: '/', folders: [] }),
    };
  }
}
