/**
 * The model manager of the engine: the catalog, downloads (by catalog id or any hub repository
 * in the supported layout), the installed models, removal and import. Hosts (CLI, service) build
 * one with the models folder and the environment (HF_ENDPOINT, HF_TOKEN, HTTPS_PROXY); tests pass
 * a fetch, a free-space probe and a fast retry policy.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../core-error.js';
import type { LibraryScope } from '../library-scope.js';
import type { Logger } from '../logger.js';
import { modelCatalog, requireCatalogEntry } from './catalog.js';
import { catalogFilesFor, type ModelCatalog } from './catalog-schema.js';
import type { DownloadProgress } from './download-progress.js';
import type { FreeSpaceProbe } from './free-space.js';
import type { FetchFn, HubConnection } from './hub-request.js';
import { folderIdForRepo, parseRepoSpec, resolveEndpoint } from './hub-urls.js';
import { listInstalledModels, readInstalledModel, type InstalledModel } from './installed-models.js';
import { downloadModel, type DownloadedModel, type ModelSource } from './model-download.js';
import { importModelFolder } from './model-import.js';
import type { ModelManifest } from './model-manifest.js';
import { proxyDispatcher } from './proxy-dispatcher.js';
import type { RetryPolicy } from './retry.js';

export interface ModelManagerOptions {
  modelsDir: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  fetch?: FetchFn;
  freeSpace?: FreeSpaceProbe;
  retry?: RetryPolicy;
  now?: () => number;
}

/** Which model to fetch: a catalog id, or a hub repository (with an optional revision). */
export interface ModelDownloadRequest {
  id?: string;
  repo?: string;
  revision?: string;
  quantized?: boolean;
  /** A mirror; default HF_ENDPOINT, else the official hub. */
  endpoint?: string;
  /** Access token for gated repositories; default HF_TOKEN. Never logged or stored. */
  token?: string;
}

export interface DownloadControl {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

export interface RemoveModelOptions {
  /** Also drop the library's vectors from this model. */
  vectors: boolean;
  library?: LibraryScope;
  /** Folders of the model answering searches and of one being switched to: not removable. */
  inUse: readonly (string | null)[];
}

export class ModelManager {
  constructor(private readonly options: ModelManagerOptions) {}

  get modelsDir(): string {
    return this.options.modelsDir;
  }

  catalog(): ModelCatalog {
    return modelCatalog();
  }

  /** What a request means: a catalog entry (also when named by its repository) or a hub repository. */
  resolveSource(req: ModelDownloadRequest): ModelSource {
    const quantized = req.quantized ?? false;
    if (!req.id && !req.repo) throw new CoreError('INVALID_ARGUMENT', 'Name a catalog model (e.g. clip-vit-base-patch32) or a hub repository (owner/name).');
    const byRepo = req.repo ? parseRepoSpec(req.repo, req.revision) : null;
    const entry = req.id ? requireCatalogEntry(req.id) : this.catalog().models.find((m) => m.repo === byRepo?.repo && (!req.revision || req.revision === m.revision));
    if (entry) {
      const wanted = catalogFilesFor(entry, quantized);
      if (wanted.length === 0) throw new CoreError('MODEL_NOT_FOUND', `${entry.name} has no int8 (quantized) variant; download it without --quantized.`);
      return { id: entry.id, catalogId: entry.id, repo: entry.repo, revision: byRepo?.revision ?? req.revision ?? entry.revision, quantized, wanted };
    }
    if (!byRepo) throw new CoreError('INVALID_ARGUMENT', 'Name a hub repository as owner/name.');
    return { id: folderIdForRepo(byRepo.repo), catalogId: null, repo: byRepo.repo, revision: byRepo.revision, quantized, wanted: null };
  }

  async connection(req: Pick<ModelDownloadRequest, 'endpoint' | 'token'>): Promise<HubConnection> {
    const { env } = this.options;
    const token = req.token || env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN || undefined;
    return { endpoint: resolveEndpoint(req.endpoint, env), token, fetch: this.options.fetch ?? fetch, dispatcher: await proxyDispatcher(env) };
  }

  async download(req: ModelDownloadRequest, control: DownloadControl = {}): Promise<DownloadedModel> {
    const source = this.resolveSource(req);
    return downloadModel({
      modelsDir: this.options.modelsDir,
      source,
      conn: await this.connection(req),
      logger: this.options.logger,
      signal: control.signal,
      onProgress: control.onProgress,
      retry: this.options.retry,
      freeSpace: this.options.freeSpace,
      now: this.options.now,
    });
  }

  installed(): Promise<InstalledModel[]> {
    return listInstalledModels(this.options.modelsDir);
  }

  async find(id: string): Promise<InstalledModel | null> {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(id)) return null;
    return readInstalledModel(path.join(this.options.modelsDir, id));
  }

  async requireInstalled(id: string): Promise<InstalledModel> {
    const model = await this.find(id);
    if (!model) throw new CoreError('MODEL_NOT_FOUND', `No model "${id}" is installed in ${this.options.modelsDir}.`);
    return model;
  }

  /** Deletes a model's folder (and, on request, its vectors); refused for the model in use. */
  async remove(id: string, opts: RemoveModelOptions): Promise<{ model: InstalledModel; vectorsRemoved: number; vectorsKept: number }> {
    const model = await this.requireInstalled(id);
    if (opts.inUse.some((dir) => dir !== null && path.resolve(dir) === path.resolve(model.dir))) {
      throw new CoreError('MODEL_IN_USE', `${id} is the model this library uses; choose another model first, then remove it.`);
    }
    let vectorsRemoved = 0;
    let vectorsKept = 0;
    if (opts.vectors && opts.library) {
      const stats = opts.library.stats();
      // Two folders with the same ONNX bytes share a library model id (model-id.ts): vectors another
      // installed model still answers with are kept.
      const others = new Set((await this.installed()).filter((m) => m.id !== id).flatMap((m) => Object.values(m.manifest.libraryModelIds)));
      for (const libraryId of Object.values(model.manifest.libraryModelIds)) {
        const n = stats.models.find((m) => m.id === libraryId)?.vectors ?? 0;
        if (others.has(libraryId)) {
          vectorsKept += n;
          continue;
        }
        vectorsRemoved += n;
        opts.library.removeModelVectors(libraryId);
      }
    }
    await rm(model.dir, { recursive: true, force: true });
    this.options.logger.info('model removed', { id, vectors: opts.vectors });
    return { model, vectorsRemoved, vectorsKept };
  }

  importFolder(from: string): Promise<{ dir: string; manifest: ModelManifest }> {
    return importModelFolder(this.options.modelsDir, from, this.options.freeSpace);
  }
}
