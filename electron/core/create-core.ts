/**
 * Composition root of the engine: the one surface the CLI, the worker and the browser host use.
 * Heavy resources are lazy (the model loads on first use) and disposable (close()).
 * Never imports 'electron' or a host.
 */
import path from 'node:path';
import { CoreError } from './core-error.js';
import type { ClipModel } from './embed/clip-model.js';
import type { DeviceChoice } from './onnx/device-choice.js';
import { loadClipModel } from './embed/load-clip-model.js';
import { readPhotoMetadata } from './image/metadata.js';
import { openImage } from './image/open-image.js';
import { isCandidateImagePath } from './image/supported-formats.js';
import type { IndexReport } from './indexer/index-report.js';
import { checkFolders, createIndexer, type IndexRunOptions } from './indexer/indexer.js';
import { silentLogger, type Logger } from './logger.js';
import { readLibraryStats, type LibraryStats } from './store/library-stats.js';
import { openLibrary, type Library } from './store/open-library.js';
import { FolderStore } from './store/folder-store.js';
import { PhotoStore } from './store/photo-store.js';
import { SettingsStore } from './store/settings-store.js';
import { VectorStore } from './store/vector-store.js';
import { SearchService, type SearchOptions, type SearchResult } from './search/search-service.js';

export interface CoreOptions {
  libraryFile: string;
  /** Model folder; when absent, the library's saved choice is used. */
  modelDir?: string;
  device?: DeviceChoice;
  threads?: number;
  quantized?: boolean;
  readonly?: boolean;
  logger?: Logger;
  batchSize?: number;
  /** Photos decoded at once while the model runs (default 3; docs/benchmarks.md). */
  decodeConcurrency?: number;
}

export interface CoreStatus {
  libraryFile: string;
  modelDir: string | null;
  stats: LibraryStats;
}

export interface RecollectCore {
  readonly library: Library;
  readonly photos: PhotoStore;
  readonly folders: FolderStore;
  readonly modelDir: string | null;
  /** Loads the model on first call (provider selection included). */
  model(): Promise<ClipModel>;
  status(): CoreStatus;
  index(folders: readonly string[], options?: IndexRunOptions): Promise<IndexReport>;
  searchText(query: string, options?: SearchOptions): Promise<SearchResult>;
  similarTo(photoPath: string, options?: SearchOptions): Promise<SearchResult>;
  similarToId(photoId: number, options?: SearchOptions): Promise<SearchResult>;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): RecollectCore {
  const logger = options.logger ?? silentLogger;
  const library = openLibrary(options.libraryFile, { readonly: options.readonly ?? false });
  const settings = new SettingsStore(library.db);
  const photos = new PhotoStore(library.db);
  const folderStore = new FolderStore(library.db);
  const modelDir = options.modelDir ? path.resolve(options.modelDir) : settings.get('model.dir');
  let modelPromise: Promise<ClipModel> | null = null;
  let vectorStore: VectorStore | null = null;

  const model = (): Promise<ClipModel> => {
    if (!modelDir) {
      return Promise.reject(
        new CoreError(
          'MODEL_NOT_CONFIGURED',
          'No model chosen yet. Pass --model <folder> (a CLIP model in the Hugging Face ONNX layout) or set RECOLLECT_MODEL.',
        ),
      );
    }
    const saved = settings.get('model.deviceChoice');
    // The device the user chose in the app is remembered in the library; a flag overrides it.
    const device = options.device ?? (saved === 'cpu' || saved === 'gpu' ? saved : 'auto');
    modelPromise ??= loadClipModel(
      modelDir,
      { device, threads: options.threads, quantized: options.quantized ?? false },
      logger,
    ).then((m) => {
      if (!library.readonly) {
        // Remember the choice so the next CLI call and the desktop app use the same model.
        settings.set('model.dir', modelDir);
        settings.set('model.device', m.device);
      }
      return m;
    });
    return modelPromise;
  };

  const vectors = async (): Promise<VectorStore> => {
    const m = await model();
    vectorStore ??= new VectorStore(library.db, { id: m.id, name: m.name, dim: m.dim });
    return vectorStore;
  };

  // One service per core: it caches the library sample the relevance cut-off scores against,
  // which search-as-you-type would otherwise re-read from vec0 on every keystroke.
  let searchService: SearchService | null = null;
  const search = async (): Promise<SearchService> => {
    const m = await model();
    searchService ??= new SearchService(m, photos, await vectors());
    return searchService;
  };

  return {
    library,
    photos,
    folders: folderStore,
    modelDir: modelDir ?? null,
    model,
    status: () => ({ libraryFile: library.file, modelDir: modelDir ?? null, stats: readLibraryStats(library.db) }),
    async index(folders, runOptions) {
      if (library.readonly) throw new CoreError('LIBRARY_READ_ONLY', 'The library is open read-only; indexing needs write access.');
      // Folders first: a typo should not wait for a model to load.
      const roots = await checkFolders(folders);
      const m = await model();
      // Folders indexed from the CLI become library folders, so the app shows and keeps them.
      for (const root of roots) folderStore.add(root);
      const indexer = createIndexer({
        db: library.db,
        photos,
        vectors: await vectors(),
        model: m,
        openImage,
        readMetadata: readPhotoMetadata,
        acceptFile: isCandidateImagePath,
        logger,
        batchSize: options.batchSize,
        decodeConcurrency: options.decodeConcurrency,
      });
      return indexer.index(roots, runOptions);
    },
    async searchText(query, searchOptions) {
      return (await search()).searchText(query, searchOptions);
    },
    async similarTo(photoPath, searchOptions) {
      const rec = photos.getByPath(path.resolve(photoPath));
      if (!rec) throw new CoreError('PHOTO_NOT_FOUND', `${photoPath} is not in the library. Index its folder first.`);
      return (await search()).similar(rec.id, searchOptions);
    },
    async similarToId(photoId, searchOptions) {
      return (await search()).similar(photoId, searchOptions);
    },
    async close() {
      if (modelPromise) await (await modelPromise.catch(() => null))?.dispose();
      library.close();
    },
  };
}
