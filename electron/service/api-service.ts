/**
 * RecollectApi over the engine: the piece the Electron worker and the browser host share, so both
 * serve exactly the same behaviour. Owns the core (recreated when the model changes), the
 * background indexing, thumbnails and events. Never imports 'electron'.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RecollectApi } from '../contract/api.js';
import type { DeviceChoiceDto, LibraryStatusDto, ModelStatusDto, SearchQueryDto } from '../contract/dto.js';
import { createCore, type RecollectCore } from '../core/create-core.js';
import { CoreError, describeError } from '../core/core-error.js';
import type { ClipModel } from '../core/embed/clip-model.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { realPathInFolders } from '../core/scan/library-path.js';
import type { SearchOptions } from '../core/search/search-service.js';
import { SettingsStore } from '../core/store/settings-store.js';
import { EventHub } from './event-hub.js';
import type { HostAdapter } from './host-adapter.js';
import { IndexController } from './index-controller.js';
import { PhotoAssets } from './photo-assets.js';
import { toFolderDto, toPhotoDto } from './photo-dto.js';

export interface ApiServiceOptions {
  libraryFile: string;
  cacheDir: string;
  host: HostAdapter;
  /** Overrides the library's saved model folder (CLI flag / env). */
  modelDir?: string;
  threads?: number;
  logger?: Logger;
}

export interface ApiService extends RecollectApi {
  readonly events: EventHub;
  readonly assets: PhotoAssets;
  readonly indexing: IndexController;
  close(): Promise<void>;
}

function parseDeviceChoice(value: string | undefined): DeviceChoiceDto {
  return value === 'cpu' || value === 'gpu' ? value : 'auto';
}

export function createApiService(options: ApiServiceOptions): ApiService {
  const logger = options.logger ?? silentLogger;
  const events = new EventHub();
  let deviceChoice: DeviceChoiceDto = 'auto';
  let core: RecollectCore = open(options.modelDir);
  let loaded: ClipModel | null = null;
  let modelError: string | null = null;

  function open(modelDir: string | undefined, device?: DeviceChoiceDto): RecollectCore {
    const c = createCore({ libraryFile: options.libraryFile, modelDir, threads: options.threads, logger, device });
    const saved = new SettingsStore(c.library.db);
    if (device) saved.set('model.deviceChoice', device);
    deviceChoice = device ?? parseDeviceChoice(saved.get('model.deviceChoice'));
    return c;
  }

  const assets = new PhotoAssets(options.cacheDir, {
    getPhoto: (id) => core.photos.get(id),
    folders: () => core.folders.list().map((f) => f.path),
  });
  let lastWarmed = 0;
  const indexing = new IndexController(() => core, events, () => {
    // Thumbnails of newly indexed photos, made in the background while indexing goes on.
    const page = core.photos.page(0, 64);
    const fresh = page.photos.filter((p) => p.indexedAt > lastWarmed).map((p) => p.id);
    lastWarmed = Date.now();
    assets.warm(fresh);
  });

  const loadModel = async (): Promise<ClipModel | null> => {
    if (!core.modelDir) return null;
    try {
      loaded = await core.model();
      modelError = null;
    } catch (err) {
      loaded = null;
      modelError = describeError(err);
    }
    return loaded;
  };
  void loadModel();

  const modelStatus = (): ModelStatusDto | null => {
    if (!core.modelDir) return null;
    return {
      dir: core.modelDir,
      id: loaded?.id ?? null,
      name: loaded?.name ?? null,
      dim: loaded?.dim ?? null,
      device: loaded?.device ?? null,
      deviceChoice,
      providerAttempts: loaded ? loaded.providerAttempts.map((a) => ({ ...a })) : [],
      error: modelError,
    };
  };

  const folders = () => core.folders.list().map((f) => toFolderDto(f, fs.existsSync(f.path)));

  const status = (): LibraryStatusDto => {
    const s = core.status();
    return {
      libraryFile: s.libraryFile,
      photos: s.stats.photos,
      indexed: s.stats.indexed,
      skipped: s.stats.skipped,
      folders: folders(),
      model: modelStatus(),
      index: indexing.getState(),
    };
  };

  /** Open/reveal act only on files the library may serve (real path inside a library folder; issue 8). */
  const photoPath = async (id: number): Promise<string> => {
    const p = core.photos.get(id);
    if (!p) throw new CoreError('PHOTO_NOT_FOUND', 'That photo is no longer in the library.');
    if ((await realPathInFolders(p.path, core.folders.list().map((f) => f.path))) === null) {
      throw new CoreError('PHOTO_NOT_FOUND', 'That photo is not inside one of your library folders any more; index again.');
    }
    return p.path;
  };

  const toSearchOptions = (q: SearchQueryDto): SearchOptions => ({
    k: q.limit ?? 60,
    folder: q.folder,
    after: q.after,
    before: q.before,
    all: q.showWeak ?? false,
  });

  return {
    events,
    assets,
    indexing,
    getCapabilities: async () => options.host.capabilities,
    getStatus: async () => status(),
    async setModel({ dir, device }) {
      const resolved = path.resolve(dir);
      await indexing.stop();
      const next = open(resolved, device);
      try {
        loaded = await next.model();
        modelError = null;
      } catch (err) {
        await next.close();
        throw err;
      }
      const previous = core;
      core = next;
      await previous.close();
      events.emit('libraryChanged', { reason: 'model' });
      if (core.folders.list().length > 0) indexing.start();
      return status();
    },
    listFolders: async () => folders(),
    async addFolder(folderPath) {
      const resolved = path.resolve(folderPath);
      const st = await fs.promises.stat(resolved).catch(() => null);
      if (!st?.isDirectory()) throw new CoreError('FOLDER_NOT_FOUND', `No folder at ${resolved}. Check the path.`);
      core.folders.add(resolved);
      events.emit('libraryChanged', { reason: 'folders' });
      if (core.modelDir) indexing.start();
      return folders();
    },
    async removeFolder(folderPath) {
      const wasRunning = indexing.getState().running;
      await indexing.stop();
      core.folders.remove(path.resolve(folderPath));
      events.emit('libraryChanged', { reason: 'folders' });
      if (wasRunning) indexing.start();
      return folders();
    },
    pickFolder: () => options.host.pickFolder(),
    startIndexing: async () => {
      if (!core.modelDir) throw new CoreError('MODEL_NOT_CONFIGURED', 'Choose a model folder first (Settings).');
      return indexing.start();
    },
    pauseIndexing: async () => indexing.pause(),
    resumeIndexing: async () => indexing.resume(),
    getIndexState: async () => indexing.getState(),
    async listPhotos({ offset, limit, folder }) {
      const page = core.photos.page(offset, Math.min(limit, 500), folder);
      return { total: page.total, offset, photos: page.photos.map(toPhotoDto) };
    },
    async getPhoto(id) {
      const p = core.photos.get(id);
      if (!p) throw new CoreError('PHOTO_NOT_FOUND', 'That photo is no longer in the library.');
      return toPhotoDto(p);
    },
    async search(query) {
      const opts = toSearchOptions(query);
      const result =
        query.similarTo !== undefined
          ? await core.similarToId(query.similarTo, opts)
          : await core.searchText(query.text ?? '', opts);
      return {
        query: result.query,
        hits: result.hits.map((h) => ({ photo: toPhotoDto(h.photo), score: h.score })),
        cutoff: result.cutoff,
        hidden: result.hidden,
      };
    },
    revealPhoto: async (id) => options.host.reveal(await photoPath(id)),
    openPhoto: async (id) => options.host.open(await photoPath(id)),
    async close() {
      await indexing.stop();
      await core.close();
    },
  };
}
