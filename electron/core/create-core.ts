/**
 * Composition root of the engine: the one surface the CLI, the worker and the browser host use.
 * A library scope (database + stores, opened once) and one model slot per model, created lazily:
 * queries go to the active slot, whose vectors are complete; an indexing run fills a target slot
 * (the pending one during a model switch), and a pending slot that becomes complete takes over in
 * one transaction. Heavy resources are lazy (a model is identified on first use, its ONNX sessions
 * open on its first encode) and disposable (close()).
 * Never imports 'electron' or a host.
 */
import path from 'node:path';
import { AlbumEngine } from './albums/album-engine.js';
import { CoreError } from './core-error.js';
import type { ClipModel } from './embed/clip-model.js';
import { parseDeviceChoice, type DeviceChoice } from './onnx/device-choice.js';
import { identifyClipModel } from './embed/identify-clip-model.js';
import { ModelHashCache } from './embed/model-hash-cache.js';
import { readPhotoMetadata } from './image/metadata.js';
import { openImage } from './image/open-image.js';
import { isCandidateImagePath } from './image/supported-formats.js';
import type { IndexReport } from './indexer/index-report.js';
import { checkFolders, createIndexer, type IndexRunOptions } from './indexer/indexer.js';
import { openLibraryScope, type LibraryScope } from './library-scope.js';
import { silentLogger } from './logger.js';
import { SortEngine } from './sort/sort-engine.js';
import type { Logger } from './logger.js';
import { ModelSlot, type ModelLoader } from './model-slot.js';
import { refOf, switchProgressOf, type AnsweredSearch, type SwitchProgress } from './model-switch.js';
import { queryImagePixels } from './search/query-image.js';
import type { SearchOptions, SearchResult } from './search/search-service.js';
import type { SearchService } from './search/search-service.js';
import type { LibraryStats } from './store/library-stats.js';

export interface CoreOptions {
  libraryFile: string;
  /**
   * Model folder to use now (CLI --model, RECOLLECT_MODEL): it answers and is filled by this core,
   * and becomes the library's remembered model once it loads. When absent, the library's saved
   * choice is used, and a pending switch (useModel) is continued by index().
   */
  modelDir?: string;
  device?: DeviceChoice;
  threads?: number;
  quantized?: boolean;
  readonly?: boolean;
  logger?: Logger;
  batchSize?: number;
  /** Photos decoded at once while the model runs (default 3; docs/benchmarks.md). */
  decodeConcurrency?: number;
  /** Model loader (tests pass a fake; default: embed/identify-clip-model.ts, sessions open on first encode). */
  loadModel?: ModelLoader;
  /**
   * JSON file remembering the model files' hash by stat (embed/model-hash-cache.ts); default
   * `model-hash-cache.json` beside the library (derived data, like its search-cache/); null: none.
   */
  modelHashCacheFile?: string | null;
}

export interface CoreStatus {
  libraryFile: string;
  /** The model that answers queries. */
  modelDir: string | null;
  /** A model being filled in the background that takes over when complete. */
  pendingModelDir: string | null;
  stats: LibraryStats;
}

export interface UseModelOptions {
  device?: DeviceChoice;
  quantized?: boolean;
}

export interface UseModelResult {
  /** True when the model answers queries now; false while its vectors are filled by index(). */
  active: boolean;
}

export interface CoreIndexOptions extends IndexRunOptions {
  /** Fill this slot instead of the default target (the pending model, else the active one). */
  into?: ModelSlot;
}

export interface RecollectCore {
  readonly library: LibraryScope;
  /** Folder of the model that answers queries (null: none chosen yet). */
  readonly modelDir: string | null;
  readonly pendingModelDir: string | null;
  /** Albums over this library, scored by the active model (user data survives every switch). */
  readonly albums: AlbumEngine;
  /** Sort to disk: plans, journalled apply, undo, history (issue 10). */
  readonly sort: SortEngine;
  /** The active model, identified on first call; its sessions open on its first encode (or openSessions()). */
  model(): Promise<ClipModel>;
  /** The active slot (null: no model chosen). */
  activeSlot(): ModelSlot | null;
  /** The slot of any model folder over this library (created on first ask). */
  slotFor(dir: string, options?: UseModelOptions): ModelSlot;
  /**
   * Switches models without losing search: a model whose vectors are complete becomes active at
   * once; otherwise it is remembered as pending, the previous model keeps answering, and index()
   * fills it and hands over when done.
   */
  useModel(dir: string, options?: UseModelOptions): Promise<UseModelResult>;
  status(): CoreStatus;
  /** How far the re-embed for a pending model has got (null: no switch); never loads a model. */
  switchProgress(): SwitchProgress | null;
  /** Loads the pending model (if any) so switchProgress() can count its vectors. */
  loadPending(): Promise<SwitchProgress | null>;
  index(folders: readonly string[], options?: CoreIndexOptions): Promise<IndexReport>;
  searchText(query: string, options?: SearchOptions): Promise<AnsweredSearch>;
  similarTo(photoPath: string, options?: SearchOptions): Promise<AnsweredSearch>;
  similarToId(photoId: number, options?: SearchOptions): Promise<AnsweredSearch>;
  close(): Promise<void>;
}

// Shown by every host: no command-line flag here (the CLI adds how to pass one, cli/main.ts).
const NO_MODEL = 'No model chosen yet: choose a model folder (a CLIP model in the Hugging Face ONNX layout).';

export function createCore(options: CoreOptions): RecollectCore {
  const logger = options.logger ?? silentLogger;
  const load = options.loadModel ?? identifyClipModel;
  const library = openLibraryScope(options.libraryFile, { readonly: options.readonly ?? false });
  const hashCacheFile = options.modelHashCacheFile === undefined ? path.join(path.dirname(library.file), 'model-hash-cache.json') : options.modelHashCacheFile;
  const hashCache = hashCacheFile ? new ModelHashCache(hashCacheFile, { logger }) : undefined;
  const { settings } = library;
  const explicitDir = options.modelDir ? path.resolve(options.modelDir) : undefined;
  const slots = new Map<string, ModelSlot>();
  // The device the user chose in the app is remembered in the library; a flag overrides it.
  const deviceChoice = (): DeviceChoice => options.device ?? parseDeviceChoice(settings.get('model.deviceChoice'));

  const slotFor = (dir: string, use: UseModelOptions = {}): ModelSlot => {
    const resolved = path.resolve(dir);
    const quantized = use.quantized ?? options.quantized ?? false;
    const device = use.device ?? deviceChoice();
    const key = `${resolved}\n${quantized ? 'q' : 'f'}`;
    const existing = slots.get(key);
    if (existing && existing.device === device) return existing;
    // Same model on another device: a fresh slot; the old one is disposed once nobody needs it.
    if (existing) void existing.dispose();
    const slot = new ModelSlot(library, { dir: resolved, device, threads: options.threads, quantized, logger, load, hashCache });
    slots.set(key, slot);
    return slot;
  };

  let activeDir = explicitDir ?? settings.get('model.dir');
  // A model named on the command line is the one filled, so a saved pending switch waits for a
  // run without one; a switch chosen in this process (useModel) is pending here either way.
  let pending: string | null = explicitDir ? null : (settings.get('model.pending') ?? null);
  const pendingDir = (): string | null => pending;
  const activeSlot = (): ModelSlot | null => (activeDir ? slotFor(activeDir) : null);

  // The slot whose choice is already written to settings: every search calls model(), and the
  // write belongs to the first load of a slot, not to each query. A model is remembered once it
  // has proven it can embed (model-slot.ts, proven()), never merely because its files were found.
  let remembered: ModelSlot | null = null;
  const model = async (): Promise<ClipModel> => {
    const slot = activeSlot();
    if (!slot) throw new CoreError('MODEL_NOT_CONFIGURED', NO_MODEL);
    const m = await slot.model();
    if (!library.readonly && remembered !== slot && slot.proven()) {
      remembered = slot;
      // Remember the choice so the next CLI call and the desktop app use the same model.
      library.transaction(() => {
        settings.set('model.dir', slot.dir);
        if (m.device !== null) settings.set('model.device', m.device);
        if (settings.get('model.pending') === slot.dir) settings.clear('model.pending');
      });
      if (pending === slot.dir) pending = null;
    }
    return m;
  };

  /** The pending model takes over in one transaction: queries switch with the next call. */
  const promote = (slot: ModelSlot): void => {
    library.transaction(() => {
      settings.set('model.dir', slot.dir);
      const device = slot.loaded?.device;
      if (device) settings.set('model.device', device);
      settings.clear('model.pending');
    });
    activeDir = slot.dir;
    pending = null;
    logger.info('model switched', { dir: slot.dir });
  };

  const albums = new AlbumEngine(library, async () => {
    const slot = activeSlot();
    if (!slot) throw new CoreError('MODEL_NOT_CONFIGURED', 'Albums fill once a model is chosen: ' + NO_MODEL);
    return { model: await model(), vectors: await slot.vectors() };
  });

  const sort = new SortEngine(library, albums, logger);

  /**
   * The active slot's search and the model it answers with, taken together: a switch that lands
   * while a query runs changes the next query, never half of this one.
   */
  const search = async <T extends SearchResult>(ask: (service: SearchService) => T | Promise<T>): Promise<T & AnsweredSearch> => {
    const slot = activeSlot();
    if (!slot) throw new CoreError('MODEL_NOT_CONFIGURED', NO_MODEL);
    await model();
    const result = await ask(await slot.search());
    return { ...result, answeredBy: await refOf(slot) };
  };

  const switchProgress = (): SwitchProgress | null => {
    const dir = pendingDir();
    return dir ? switchProgressOf(slotFor(dir), library.photos.indexedCount()) : null;
  };

  return {
    library,
    get modelDir() {
      return activeDir ?? null;
    },
    get pendingModelDir() {
      return pendingDir();
    },
    albums,
    sort,
    model,
    activeSlot,
    slotFor,
    async useModel(dir, use = {}) {
      if (library.readonly) throw new CoreError('LIBRARY_READ_ONLY', 'The library is open read-only; choosing a model needs write access.');
      if (use.device) settings.set('model.deviceChoice', use.device);
      const slot = slotFor(dir, use);
      // Load first, sessions and probe included: a broken folder is refused before anything is remembered.
      await (await slot.model()).openSessions();
      // A previous model that cannot load answers nothing: there is no search to keep.
      const previousWorks =
        activeDir !== undefined &&
        slot.dir !== activeDir &&
        (await activeSlot()
          ?.model()
          .then((m) => m.openSessions())
          .then(() => true, () => false));
      if (!previousWorks || (await slot.isComplete())) {
        if (slot.dir !== activeDir) promote(slot);
        else {
          library.transaction(() => settings.clear('model.pending'));
          pending = null;
        }
        await model();
        return { active: true };
      }
      settings.set('model.pending', slot.dir);
      pending = slot.dir;
      return { active: false };
    },
    status: () => ({ libraryFile: library.file, modelDir: activeDir ?? null, pendingModelDir: pendingDir(), stats: library.stats() }),
    switchProgress,
    async loadPending() {
      const dir = pendingDir();
      if (dir) await slotFor(dir).model();
      return switchProgress();
    },
    async index(folders, runOptions = {}) {
      if (library.readonly) throw new CoreError('LIBRARY_READ_ONLY', 'The library is open read-only; indexing needs write access.');
      // Folders first: a typo should not wait for a model to load.
      const roots = await checkFolders(folders);
      const pending = pendingDir();
      const target = runOptions.into ?? (pending ? slotFor(pending) : activeSlot());
      if (!target) throw new CoreError('MODEL_NOT_CONFIGURED', NO_MODEL);
      // The vector table first: a model new to this library opens its sessions there (model-slot.ts),
      // so a broken one fails before a folder or a choice is written. One whose vectors are here
      // does not: a rescan with nothing to embed never starts ONNX Runtime.
      const vectors = await target.vectors();
      const m = target === activeSlot() ? await model() : await target.model();
      // Folders indexed from the CLI become library folders, so the app shows and keeps them.
      for (const root of roots) library.folders.add(root);
      const indexer = createIndexer({
        photos: library.photos,
        vectors,
        maintenance: library.maintenance,
        transaction: library.transaction,
        model: m,
        openImage,
        readMetadata: readPhotoMetadata,
        acceptFile: isCandidateImagePath,
        logger,
        batchSize: options.batchSize,
        decodeConcurrency: options.decodeConcurrency,
      });
      let report: IndexReport;
      try {
        report = await indexer.index(roots, runOptions);
      } finally {
        // Re-indexed or moved photos can change vectors without changing their count (the albums'
        // cache key): the next album read reloads them.
        albums.libraryChanged();
      }
      if (!report.stopped && target.dir !== activeDir && target.dir === pendingDir() && (await target.isComplete())) promote(target);
      return report;
    },
    async searchText(query, searchOptions) {
      return search((service) => service.searchText(query, searchOptions));
    },
    async similarTo(photoPath, searchOptions) {
      const resolved = path.resolve(photoPath);
      const rec = library.photos.getByPath(resolved);
      const slot = activeSlot();
      if (rec && (await slot?.vectors())?.get(rec.id)) return search((service) => service.similar(rec.id, searchOptions));
      // A photo outside the library (or skipped by it) is embedded now, as the indexer would.
      const pixels = await queryImagePixels(await model(), resolved, photoPath);
      return search((service) => service.similarToPixels(resolved, pixels, searchOptions));
    },
    async similarToId(photoId, searchOptions) {
      return search((service) => service.similar(photoId, searchOptions));
    },
    async close() {
      await Promise.all([...slots.values()].map((s) => s.dispose()));
      library.close();
    },
  };
}
