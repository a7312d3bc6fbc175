/**
 * A RecollectBridge for the renderer's unit tests: an in-memory library (folders, photos, model)
 * with every call recorded, events the test emits by hand, and `search` answered by the test
 * (each call waits until `replySearch` / `failSearch`), so stale replies can arrive out of order.
 * Any method can be replaced with `handle(method, impl)`; `reset()` restores the defaults.
 * Failures reject with a plain ApiErrorDto, as the Electron preload does.
 */
import type { PhotoAssetKind, RecollectApi, RecollectBridge, RecollectMethod } from '../../electron/contract/api.js';
import type { FolderDto, IndexStateDto, LibraryStatusDto, ModelStatusDto, PhotoDto, SearchQueryDto, SearchResultDto } from '../../electron/contract/dto.js';
import type { AlbumSummaryDto, AlbumViewDto } from '../../electron/contract/album-dto.js';
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

/** The model a fake answer says it came from. */
export const FAKE_MODEL = { id: 'onnx-fake', name: 'fake-model', dir: '/models/fake-model' };

export function searchResult(query: string, ids: number[], hidden = 0, kind: SearchResultDto['kind'] = 'text'): SearchResultDto {
  return { query, hits: ids.map((id, i) => ({ photo: photo(id), score: 0.3 - i * 0.01 })), cutoff: hidden > 0 ? 0.25 : null, hidden, kind, moreHidden: false, negatives: [], answeredBy: FAKE_MODEL };
}

export class FakeApi {
  folders: FolderDto[] = [];
  photos: PhotoDto[] = [];
  modelDir: string | null = null;
  index: IndexStateDto = IDLE_INDEX;
  /** Every call in order, with its arguments. */
  calls: { method: RecollectMethod; args: unknown[] }[] = [];
  searches: PendingSearch[] = [];
  albums: AlbumSummaryDto[] = [];
  /** What getAlbum answers per album id (the test fills it). */
  albumViews = new Map<number, AlbumViewDto>();

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
    listAlbums: (...a) => this.call('listAlbums', a, () => this.impl.listAlbums(...a)),
    listStarterAlbums: (...a) => this.call('listStarterAlbums', a, () => this.impl.listStarterAlbums(...a)),
    createAlbum: (...a) => this.call('createAlbum', a, () => this.impl.createAlbum(...a)),
    updateAlbum: (...a) => this.call('updateAlbum', a, () => this.impl.updateAlbum(...a)),
    deleteAlbum: (...a) => this.call('deleteAlbum', a, () => this.impl.deleteAlbum(...a)),
    getAlbum: (...a) => this.call('getAlbum', a, () => this.impl.getAlbum(...a)),
    previewAlbum: (...a) => this.call('previewAlbum', a, () => this.impl.previewAlbum(...a)),
    labelAlbumPhotos: (...a) => this.call('labelAlbumPhotos', a, () => this.impl.labelAlbumPhotos(...a)),
    explainAlbumPhoto: (...a) => this.call('explainAlbumPhoto', a, () => this.impl.explainAlbumPhoto(...a)),
    categorize: (...a) => this.call('categorize', a, () => this.impl.categorize(...a)),
    planSort: (...a) => this.call('planSort', a, () => this.impl.planSort(...a)),
    startSort: (...a) => this.call('startSort', a, () => this.impl.startSort(...a)),
    startSortUndo: (...a) => this.call('startSortUndo', a, () => this.impl.startSortUndo(...a)),
    cancelSort: (...a) => this.call('cancelSort', a, () => this.impl.cancelSort(...a)),
    getSortJob: (...a) => this.call('getSortJob', a, () => this.impl.getSortJob(...a)),
    listSortRuns: (...a) => this.call('listSortRuns', a, () => this.impl.listSortRuns(...a)),
    listModels: (...a) => this.call('listModels', a, () => this.impl.listModels(...a)),
    startModelDownload: (...a) => this.call('startModelDownload', a, () => this.impl.startModelDownload(...a)),
    cancelModelDownload: (...a) => this.call('cancelModelDownload', a, () => this.impl.cancelModelDownload(...a)),
    getModelDownload: (...a) => this.call('getModelDownload', a, () => this.impl.getModelDownload(...a)),
    removeModel: (...a) => this.call('removeModel', a, () => this.impl.removeModel(...a)),
    importModelFolder: (...a) => this.call('importModelFolder', a, () => this.impl.importModelFolder(...a)),
    revealSortTarget: (...a) => this.call('revealSortTarget', a, () => this.impl.revealSortTarget(...a)),
    listSubfolders: (...a) => this.call('listSubfolders', a, () => this.impl.listSubfolders(...a)),
    listFolderTree: (...a) => this.call('listFolderTree', a, () => this.impl.listFolderTree(...a)),
    listDuplicates: (...a) => this.call('listDuplicates', a, () => this.impl.listDuplicates(...a)),
    listStyleProviders: (...a) => this.call('listStyleProviders', a, () => this.impl.listStyleProviders(...a)),
    setStyleProviderSettings: (...a) => this.call('setStyleProviderSettings', a, () => this.impl.setStyleProviderSettings(...a)),
    previewStyle: (...a) => this.call('previewStyle', a, () => this.impl.previewStyle(...a)),
    cancelStylePreview: (...a) => this.call('cancelStylePreview', a, () => this.impl.cancelStylePreview(...a)),
    getStyleJob: (...a) => this.call('getStyleJob', a, () => this.impl.getStyleJob(...a)),
    saveStyledCopy: (...a) => this.call('saveStyledCopy', a, () => this.impl.saveStyledCopy(...a)),
    onIndexProgress: (listener) => this.listen('indexProgress', listener),
    onLibraryChanged: (listener) => this.listen('libraryChanged', listener),
    onWorkerRestarted: (listener) => this.listen('workerRestarted', listener),
    onAlbumsChanged: (listener) => this.listen('albumsChanged', listener),
    onSortProgress: (listener) => this.listen('sortProgress', listener),
    onModelDownloadProgress: (listener) => this.listen('modelDownloadProgress', listener),
    onStyleProgress: (listener) => this.listen('styleProgress', listener),
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
    this.albums = [];
    this.albumViews = new Map();
    this.impl = this.defaults();
  }

  /** The arguments of every call to `method`, oldest first. */
  argsOf(method: RecollectMethod): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  emit<E extends RecollectEventName>(event: E, payload: RecollectEventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: RecollectEventMap[E]) => void)(payload);
  }

  private albumById(id: number): AlbumSummaryDto {
    const album = this.albums.find((a) => a.id === id);
    if (!album) throw apiError('ALBUM_NOT_FOUND', `No album ${id}`);
    return album;
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
      listAlbums: async () => this.albums,
      listStarterAlbums: async () => [],
      createAlbum: async ({ name, include, exclude }) => {
        const album: AlbumSummaryDto = { id: this.albums.length + 1, name, include, exclude: exclude ?? [], members: 0, accepted: 0, rejected: 0 };
        this.albums = [...this.albums, album];
        return album;
      },
      updateAlbum: async ({ id, name }) => {
        this.albums = this.albums.map((a) => (a.id === id && name !== undefined ? { ...a, name } : a));
        return this.albumById(id);
      },
      deleteAlbum: async (id) => (this.albums = this.albums.filter((a) => a.id !== id)),
      getAlbum: async ({ id }) => {
        const view = this.albumViews.get(id);
        if (!view) throw apiError('ALBUM_NOT_FOUND', `No album ${id}`);
        return view;
      },
      previewAlbum: async () => ({ threshold: 0.2, members: 0, photos: [] }),
      labelAlbumPhotos: async ({ albumId, changes }) => ({ album: this.albumById(albumId), previous: changes.map((c) => ({ photoId: c.photoId, label: null })) }),
      explainAlbumPhoto: async () => {
        throw apiError('ALBUM_NOT_FOUND', 'No album');
      },
      categorize: async () => ({ columns: [], minConfidence: 0.6 }),
      planSort: async ({ into }) => ({ target: into, mode: 'copy', xmp: true, albums: [], files: 0, sidecars: 0, folders: 0, bytes: 0, planned: [], skipped: [], conflicts: [], notes: [], refusals: [] }),
      startSort: async () => ({ kind: 'apply', run: null, running: true, done: 0, total: 0, bytesDone: 0, bytesTotal: 0, currentPath: null, outcome: null }),
      startSortUndo: async (run) => ({ kind: 'undo', run, running: true, done: 0, total: 0, bytesDone: 0, bytesTotal: 0, currentPath: null, outcome: null }),
      cancelSort: async () => null,
      getSortJob: async () => null,
      listSortRuns: async () => [],
      listModels: async () => ({ modelsDir: '/models', catalog: [], installed: [], downloads: [] }),
      startModelDownload: async () => Promise.reject(apiError('MODEL_NOT_FOUND', 'No such model in the fake catalog.')),
      cancelModelDownload: async () => null,
      getModelDownload: async () => null,
      removeModel: async () => Promise.reject(apiError('MODEL_NOT_FOUND', 'No such model installed.')),
      importModelFolder: async () => Promise.reject(apiError('MODEL_INVALID', 'The fake does not import.')),
      revealSortTarget: async () => undefined,
      listSubfolders: async (path) => ({ path: path ?? '/home/you', parent: '/', folders: [] }),
      listFolderTree: async () => [],
      listDuplicates: async () => ({ groups: [], exactCopies: 0, threshold: null }),
      listStyleProviders: async () => [],
      setStyleProviderSettings: async () => [],
      previewStyle: async ({ photoId, prompt, strength }) => ({ jobId: 'job-1', photoId, prompt, provider: 'clip-look', strength, running: true, fraction: 0, stage: 'Starting', result: null, error: null }),
      cancelStylePreview: async () => null,
      getStyleJob: async () => null,
      saveStyledCopy: async () => ({ path: '/home/you/Pictures/IMG_0001 (styled).jpg' }),
    };
  }
}
