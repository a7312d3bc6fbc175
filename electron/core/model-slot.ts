/**
 * One model over the library scope: the model itself (identified on first use, its sessions opened
 * on its first encode), its vector table and its search service. Several slots can be open over one library: one answers queries while
 * another is being filled by an indexing or re-embed run (create-core.ts decides which).
 * Heavy resources are lazy and disposable (conventions.md rule 8).
 */
import path from 'node:path';
import { describeError } from './core-error.js';
import type { ClipModel, LoadModelOptions } from './embed/clip-model.js';
import type { DeviceChoice } from './onnx/device-choice.js';
import type { LibraryScope } from './library-scope.js';
import type { Logger } from './logger.js';
import { SearchAccelerator } from './search/accel/search-accelerator.js';
import { SearchService } from './search/search-service.js';
import type { VectorStore } from './store/vector-store.js';

/** Loads a model folder; the real one is embed/load-clip-model.ts, tests pass a fake. */
export type ModelLoader = (dir: string, options: LoadModelOptions, logger: Logger) => Promise<ClipModel>;

export interface ModelSlotOptions {
  dir: string;
  device: DeviceChoice;
  threads?: number;
  quantized: boolean;
  logger: Logger;
  load: ModelLoader;
  /** Remembers the model files' hash by stat between processes (embed/model-hash-cache.ts). */
  hashCache?: LoadModelOptions['hashCache'];
}

export class ModelSlot {
  private modelPromise: Promise<ClipModel> | null = null;
  private loadedModel: ClipModel | null = null;
  private vectorStore: VectorStore | null = null;
  // One service per slot: it caches the library sample the relevance cut-off scores against,
  // which search-as-you-type would otherwise re-read from vec0 on every keystroke.
  private searchService: SearchService | null = null;
  // The model's derived search index (issue 14): owned here, one per model, dropped with the slot.
  private searchAccelerator: SearchAccelerator | null = null;

  constructor(
    private readonly scope: LibraryScope,
    private readonly options: ModelSlotOptions,
  ) {}

  get dir(): string {
    return this.options.dir;
  }

  get device(): DeviceChoice {
    return this.options.device;
  }

  get quantized(): boolean {
    return this.options.quantized;
  }

  /** The model once loaded, else null (never starts a load). */
  get loaded(): ClipModel | null {
    return this.loadedModel;
  }

  /**
   * Identifies the model on first call (the real loader opens no ONNX session: each tower opens on
   * its first encode, embed/clip-runtime.ts); a failed load is retried next call.
   */
  model(): Promise<ClipModel> {
    const { dir, device, threads, quantized, logger, load, hashCache } = this.options;
    this.modelPromise ??= load(dir, { device, threads, quantized, ...(hashCache ? { hashCache } : {}) }, logger).then(
      (m) => {
        this.loadedModel = m;
        return m;
      },
      (err: unknown) => {
        this.modelPromise = null;
        throw err;
      },
    );
    return this.modelPromise;
  }

  /**
   * The model's vector table. A model that has not proven it can embed (see proven()) opens its
   * sessions first, so a broken ONNX file or a projection_dim its towers do not give is reported
   * in the folder's own words before anything is created or stored under its id.
   */
  async vectors(): Promise<VectorStore> {
    const m = await this.model();
    if (!this.vectorStore && !this.proven()) await m.openSessions();
    this.vectorStore ??= this.scope.vectorsFor({ id: m.id, name: m.name, dim: m.dim });
    return this.vectorStore;
  }

  /**
   * True when the identified model has shown it can embed: both its towers opened in this process
   * (one tower, e.g. the text tower of a search, is not enough), or the library holds vectors under
   * its id at its dimension. The id hashes the ONNX bytes, so those vectors came from these very
   * files, which loaded and passed the probe when they were stored.
   */
  proven(): boolean {
    const m = this.loadedModel;
    return m !== null && (m.sessionsOpen || this.scope.models.dimOf(m.id) === m.dim);
  }

  async search(): Promise<SearchService> {
    const m = await this.model();
    this.searchService ??= new SearchService(m, this.scope.photos, await this.vectors(), await this.accelerator());
    return this.searchService;
  }

  /** The model's in-memory search index (built from SQLite on its first query, then kept in step). */
  async accelerator(): Promise<SearchAccelerator> {
    const vectors = await this.vectors();
    // Beside the library, one file per model table: derived data, rebuilt when missing or doubtful.
    const cacheFile = path.join(path.dirname(this.scope.file), 'search-cache', `${path.basename(this.scope.file)}.${vectors.table}.idx`);
    const { logger } = this.options;
    this.searchAccelerator ??= new SearchAccelerator(vectors, vectors.snapshot(), {
      cacheFile,
      onCacheError: (err) => logger.warn(`search index not cached (${describeError(err)}); it is rebuilt in each process`),
    });
    return this.searchAccelerator;
  }

  /**
   * Readies search before the first query (app start, after the model loads): the in-memory index
   * is read from its cache file (1M photos: a 0.5 GB read) or rebuilt from SQLite, so the first
   * query costs what a warm one does. A failure only means the first query builds it.
   */
  async warmSearch(): Promise<void> {
    await this.search();
    // The app's first query should not wait for the ONNX sessions either.
    await (await this.model()).openSessions();
    // Yield first: whatever the host does right after start (its first events) goes before.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const accelerator = await this.accelerator();
    // The file is read off the event loop; only a rebuild from SQLite (no usable file) blocks it.
    await accelerator.prepare();
    accelerator.sync();
  }

  /**
   * The vector table once the model is identified and proven, else null (never starts a load or
   * opens a session, and never creates a table for a model that might not embed: status reads it).
   */
  loadedVectors(): VectorStore | null {
    const m = this.loadedModel;
    if (!m || (!this.vectorStore && !this.proven())) return null;
    this.vectorStore ??= this.scope.vectorsFor({ id: m.id, name: m.name, dim: m.dim });
    return this.vectorStore;
  }

  /** True when every indexed photo has a vector under this model: it can answer for the whole library. */
  async isComplete(): Promise<boolean> {
    return (await this.vectors()).missing() === 0;
  }

  async dispose(): Promise<void> {
    const pending = this.modelPromise;
    this.modelPromise = null;
    this.loadedModel = null;
    this.vectorStore = null;
    this.searchService = null;
    this.searchAccelerator = null;
    if (pending) await (await pending.catch(() => null))?.dispose();
  }
}
