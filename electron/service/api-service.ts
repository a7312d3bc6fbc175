/**
 * RecollectApi over the engine: the piece the Electron worker and the browser host share, so both
 * serve exactly the same behaviour. The composition root of the services: one core (library scope
 * + model slots) for the service's life, one small service per domain (library, indexing, search,
 * model, albums; style joins here), the photo assets and the events. Never imports 'electron'.
 */
import type { RecollectApi } from '../contract/api.js';
import type { LibraryStatusDto } from '../contract/dto.js';
import { createCore } from '../core/create-core.js';
import type { ModelLoader } from '../core/model-slot.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { ModelManager } from '../core/models/model-manager.js';
import path from 'node:path';
import { createAlbumService } from './album-service.js';
import { createDuplicateService } from './duplicate-service.js';
import { EventHub } from './event-hub.js';
import type { HostAdapter } from './host-adapter.js';
import type { IndexController } from './index-controller.js';
import { createIndexingService } from './indexing-service.js';
import { createLibraryService } from './library-service.js';
import { createModelManagerService } from './model-manager-service.js';
import { LibraryWatcher, type LibraryWatchOptions } from './library-watcher.js';
import { createModelService } from './model-service.js';
import { PhotoAssets } from './photo-assets.js';
import { createSearchApi } from './search-api.js';
import { createSortService } from './sort-service.js';
import { createStyleService, type StyleServiceOptions } from './style-service.js';
import type { ServiceContext } from './service-context.js';
import { ThumbnailWarmer } from './thumbnail-warmer.js';

export interface ApiServiceOptions {
  libraryFile: string;
  cacheDir: string;
  host: HostAdapter;
  /** Overrides the library's saved model folder (CLI flag / env). */
  modelDir?: string;
  threads?: number;
  logger?: Logger;
  /** Model loader (tests pass a fake). */
  loadModel?: ModelLoader;
  /** Images per inference call and photos decoded at once (defaults: the core's). */
  batchSize?: number;
  decodeConcurrency?: number;
  /**
   * Where downloaded models go (hosts pass paths/models-location.ts; default: a `models` folder
   * beside the library, which is the same place for the default library).
   */
  modelsDir?: string;
  /** Environment of the model manager: HF_ENDPOINT, HF_TOKEN, HTTPS_PROXY (default: none). */
  env?: NodeJS.ProcessEnv;
  /** The model manager itself (tests pass one with a fast retry policy). */
  modelManager?: ModelManager;
  /**
   * Watch the library folders and index what changes while the service runs (the Electron app
   * and the browser host; off for one-shot commands). Options tune the timings (tests).
   */
  watch?: boolean | LibraryWatchOptions;
  /** Style providers and their settings (default: the built-ins). */
  style?: StyleServiceOptions;
}

export interface ApiService extends RecollectApi {
  readonly events: EventHub;
  readonly assets: PhotoAssets;
  readonly indexing: IndexController;
  /** The folder watcher when `watch` is on. */
  readonly watcher: LibraryWatcher | null;
  close(): Promise<void>;
}

export function createApiService(options: ApiServiceOptions): ApiService {
  const logger = options.logger ?? silentLogger;
  const { libraryFile, modelDir, threads, loadModel, batchSize, decodeConcurrency } = options;
  const core = createCore({ libraryFile, modelDir, threads, logger, loadModel, batchSize, decodeConcurrency });
  const ctx: ServiceContext = { core, events: new EventHub(), host: options.host, logger };
  const { library } = core;
  const assets = new PhotoAssets(options.cacheDir, {
    getPhoto: (id) => library.photos.get(id),
    folders: () => library.folders.paths(),
  });
  const indexing = createIndexingService(ctx, new ThumbnailWarmer(assets, library.photos));
  const libraryService = createLibraryService(ctx, indexing);
  const watcher = options.watch ? new LibraryWatcher(ctx, indexing.controller, options.watch === true ? {} : options.watch) : null;

  const status = async (): Promise<LibraryStatusDto> => {
    const s = core.status();
    return {
      libraryFile: s.libraryFile,
      photos: s.stats.photos,
      indexed: s.stats.indexed,
      skipped: s.stats.skipped,
      exactCopies: library.duplicates.extraCopies(),
      folders: libraryService.folders(),
      model: models.status(),
      index: indexing.controller.getState(),
    };
  };
  const models = createModelService(ctx, indexing, status);
  models.warmUp();

  const { folders: _folders, ...libraryApi } = libraryService;
  const { controller, ...indexingApi } = indexing;
  const { stop: stopSort, ...sortApi } = createSortService(ctx);
  const manager =
    options.modelManager ?? new ModelManager({ modelsDir: options.modelsDir ?? path.join(path.dirname(path.resolve(options.libraryFile)), 'models'), env: options.env ?? {}, logger });
  const { stop: stopDownloads, ...modelManagerApi } = createModelManagerService(ctx, manager);
  const { stop: stopStyle, ...styleApi } = createStyleService(ctx, options.style);
  return {
    events: ctx.events,
    assets,
    indexing: controller,
    watcher,
    getCapabilities: async () => options.host.capabilities,
    getStatus: status,
    setModel: models.setModel,
    ...libraryApi,
    ...indexingApi,
    ...createSearchApi(core),
    ...createAlbumService(ctx),
    ...sortApi,
    ...modelManagerApi,
    ...createDuplicateService(ctx),
    ...styleApi,
    async close() {
      await stopDownloads();
      await watcher?.close();
      await stopSort();
      await stopStyle();
      await controller.stop();
      await assets.stop();
      await core.close();
    },
  };
}
