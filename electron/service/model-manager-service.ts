/**
 * The model manager domain of the API (issue 12): the catalog and installed models with the
 * library's vectors for each, downloads as background jobs (several models at once, one job per
 * model: starting a running one joins it), progress as `modelDownloadProgress` events (throttled;
 * the last one carries the outcome), cancel (the staged part is kept, so a later start resumes),
 * removal (refused for the model in use) and import of a folder the user has.
 */
import { randomUUID } from 'node:crypto';
import type { RecollectApi } from '../contract/api.js';
import type { ModelDownloadJobDto, ModelDownloadRequestDto } from '../contract/model-manager-dto.js';
import { CoreError, describeError } from '../core/core-error.js';
import type { DownloadProgress } from '../core/models/download-progress.js';
import { listModels } from '../core/models/model-listing.js';
import type { ModelManager } from '../core/models/model-manager.js';
import type { ServiceContext } from './service-context.js';
import { resolveTypedPath } from './typed-path.js';

type ManagerMethods = 'listModels' | 'startModelDownload' | 'cancelModelDownload' | 'getModelDownload' | 'removeModel' | 'importModelFolder';

export type ModelManagerService = Pick<RecollectApi, ManagerMethods> & {
  /** Cancels downloads in progress and waits for them (shutdown; staging is kept). */
  stop(): Promise<void>;
};

const EMIT_INTERVAL_MS = 150;

interface Job {
  dto: ModelDownloadJobDto;
  abort: AbortController;
  done: Promise<void>;
  lastEmit: number;
}

export function createModelManagerService(ctx: ServiceContext, manager: ModelManager): ModelManagerService {
  const { core, events, logger } = ctx;
  const jobs = new Map<string, Job>();

  const emit = (job: Job, force: boolean): void => {
    const now = Date.now();
    if (!force && now - job.lastEmit < EMIT_INTERVAL_MS) return;
    job.lastEmit = now;
    events.emit('modelDownloadProgress', { ...job.dto });
  };

  const onProgress = (job: Job) => (p: DownloadProgress) => {
    job.dto = { ...job.dto, file: p.file, fileIndex: p.fileIndex, files: p.files, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, bytesPerSecond: p.bytesPerSecond, etaSeconds: p.etaSeconds };
    emit(job, false);
  };

  const run = async (job: Job, request: ModelDownloadRequestDto): Promise<void> => {
    try {
      const result = await manager.download(request, { signal: job.abort.signal, onProgress: onProgress(job) });
      job.dto = { ...job.dto, state: 'done', dir: result.dir, bytesDone: job.dto.bytesTotal, etaSeconds: 0, file: null };
    } catch (err) {
      const cancelled = err instanceof CoreError && err.code === 'MODEL_DOWNLOAD_CANCELLED';
      const error = err instanceof CoreError ? { code: err.code, message: err.message } : { code: 'INTERNAL' as const, message: describeError(err) };
      if (!cancelled) logger.warn('model download failed', { id: job.dto.id, error: error.message });
      job.dto = { ...job.dto, state: cancelled ? 'cancelled' : 'failed', error, etaSeconds: null };
    } finally {
      emit(job, true);
    }
  };

  const running = (id: string, quantized: boolean): Job | undefined =>
    [...jobs.values()].find((j) => j.dto.state === 'running' && j.dto.id === id && j.dto.quantized === quantized);

  const copy = (job: Job | undefined): ModelDownloadJobDto | null => (job ? { ...job.dto } : null);

  return {
    async listModels() {
      const s = core.status();
      const listing = await listModels(manager, { stats: s.stats, activeDir: s.modelDir, pendingDir: s.pendingModelDir });
      return { ...listing, downloads: [...jobs.values()].map((j) => ({ ...j.dto })) };
    },
    async startModelDownload(request) {
      // Checked now, so a typo in a name is an answer, not a failed job.
      const source = manager.resolveSource(request);
      const existing = running(source.id, source.quantized);
      if (existing) return { ...existing.dto };
      const dto: ModelDownloadJobDto = {
        jobId: randomUUID(), id: source.id, repo: source.repo, revision: source.revision, quantized: source.quantized, state: 'running',
        file: null, fileIndex: 0, files: 0, bytesDone: 0, bytesTotal: 0, bytesPerSecond: 0, etaSeconds: null, dir: null, error: null, startedAt: Date.now(),
      };
      const job: Job = { dto, abort: new AbortController(), done: Promise.resolve(), lastEmit: 0 };
      jobs.set(dto.jobId, job);
      emit(job, true);
      job.done = run(job, request);
      return { ...dto };
    },
    async cancelModelDownload(jobId) {
      const job = jobs.get(jobId);
      job?.abort.abort();
      await job?.done;
      return copy(job);
    },
    getModelDownload: async (jobId) => copy(jobs.get(jobId)),
    async removeModel({ id, vectors }) {
      if ([...jobs.values()].some((j) => j.dto.state === 'running' && j.dto.id === id)) {
        throw new CoreError('MODEL_IN_USE', `${id} is being downloaded; cancel the download first.`);
      }
      const s = core.status();
      const result = await manager.remove(id, { vectors, library: core.library, inUse: [s.modelDir, s.pendingModelDir] });
      if (result.vectorsRemoved > 0) events.emit('libraryChanged', { reason: 'model' });
      return { id, dir: result.model.dir, bytesFreed: result.model.bytesOnDisk, vectorsRemoved: result.vectorsRemoved, vectorsKept: result.vectorsKept };
    },
    async importModelFolder(folder) {
      const { dir, manifest } = await manager.importFolder(resolveTypedPath(folder));
      return { id: manifest.id, dir, files: manifest.files.map((f) => ({ ...f })) };
    },
    async stop() {
      for (const job of jobs.values()) job.abort.abort();
      await Promise.all([...jobs.values()].map((j) => j.done));
    },
  };
}
