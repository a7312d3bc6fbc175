/**
 * The style-preview domain of the API (issue 11): providers, preview jobs and saving a copy over
 * the core's StyleEngine. A preview runs in the background as a job (a new one cancels a preview
 * still running: the viewer shows one at a time); progress comes as throttled `styleProgress`
 * events and the last event carries the result (a PNG data URL, the recipe, the scores) or the
 * error. Photos are named by id; only photos the library knows are read.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { RecollectApi } from '../contract/api.js';
import { errorMessage } from '../contract/error-message.js';
import type { StyleJobDto, StylePreviewResultDto } from '../contract/style-dto.js';
import { CoreError } from '../core/core-error.js';
import { createStyleRegistry, StyleEngine, type StylePhotoResult } from '../core/style/style-engine.js';
import type { StyleProviderFactory } from '../core/style/style-provider.js';
import type { ServiceContext } from './service-context.js';
import { StyleSettings } from './style-settings.js';
import { resolveTypedPath } from './typed-path.js';

export type StyleService = Pick<RecollectApi, 'listStyleProviders' | 'setStyleProviderSettings' | 'previewStyle' | 'cancelStylePreview' | 'getStyleJob' | 'saveStyledCopy'> & {
  /** Cancels previews in progress, waits for them and disposes the providers (shutdown). */
  stop(): Promise<void>;
};

export interface StyleServiceOptions {
  /** Provider factories (default: the built-ins; tests add a test-only one). */
  factories?: readonly StyleProviderFactory[];
  /** Settings of one provider. */
  settingsFor?: (providerId: string) => Readonly<Record<string, unknown>>;
}

const EMIT_INTERVAL_MS = 150;
/** Finished jobs kept for getStyleJob (a window that missed the last event). */
const KEPT_JOBS = 8;

async function toResultDto(result: StylePhotoResult): Promise<StylePreviewResultDto> {
  const meta = await sharp(result.image).metadata();
  const s = result.scores;
  return {
    provider: result.provider,
    image: `data:image/png;base64,${result.image.toString('base64')}`,
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    recipe: result.recipe,
    scores: s ? { before: s.before, after: s.after, content: s.content, directional: s.directional ?? null } : null,
  };
}

export function createStyleService(ctx: ServiceContext, options: StyleServiceOptions = {}): StyleService {
  const { core, events, logger } = ctx;
  const stored = new StyleSettings(core.library.settings, core.library.file);
  const settingsFor = options.settingsFor ?? ((id: string) => stored.for(id));
  const registry = createStyleRegistry({ clipModel: () => core.model(), clipModelChosen: () => core.modelDir !== null, logger, factories: options.factories, settingsFor });
  const engine = new StyleEngine(registry, settingsFor);
  const jobs = new Map<string, { job: StyleJobDto; abort: AbortController; done: Promise<void> }>();
  let lastEmit = 0;

  const emit = (job: StyleJobDto, force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastEmit < EMIT_INTERVAL_MS) return;
    lastEmit = now;
    events.emit('styleProgress', { ...job });
  };

  const photoPath = (id: number): string => {
    const p = core.library.photos.get(id);
    if (!p) throw new CoreError('PHOTO_NOT_FOUND', 'That photo is no longer in the library.');
    return p.path;
  };

  const forget = (): void => {
    const finished = [...jobs.entries()].filter(([, j]) => !j.job.running);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEPT_JOBS))) jobs.delete(id);
  };

  return {
    listStyleProviders: () => engine.providers(),
    async setStyleProviderSettings(request) {
      if (!registry.ids().includes(request.provider)) throw new CoreError('INVALID_ARGUMENT', `There is no style provider "${request.provider}".`);
      stored.set(request.provider, registry.settingFields(request.provider), request.settings);
      // The provider was made with the old settings (a folder it scanned, a server it checked).
      await registry.reset(request.provider);
      return engine.providers();
    },
    async previewStyle(request) {
      const source = photoPath(request.photoId);
      const provider = await engine.provider(request.provider);
      for (const running of jobs.values()) if (running.job.running) running.abort.abort();
      const abort = new AbortController();
      const job: StyleJobDto = { jobId: randomUUID(), photoId: request.photoId, prompt: request.prompt, provider: provider.id, strength: request.strength, running: true, fraction: 0, stage: 'Starting', result: null, error: null };
      const entry = {
        job,
        abort,
        done: Promise.resolve(),
      };
      jobs.set(entry.job.jobId, entry);
      emit(entry.job, true);
      entry.done = (async () => {
        try {
          const result = await engine.preview(source, {
            prompt: request.prompt,
            provider: provider.id,
            strength: request.strength,
            size: request.size,
            signal: abort.signal,
            onProgress: (p) => {
              entry.job = { ...entry.job, fraction: p.fraction, stage: p.stage };
              emit(entry.job, false);
            },
          });
          entry.job = { ...entry.job, running: false, fraction: 1, stage: 'Done', result: await toResultDto(result) };
        } catch (err) {
          const code = err instanceof CoreError ? err.code : 'INTERNAL';
          if (code !== 'CANCELLED') logger.warn('style preview failed', { error: errorMessage(err) });
          entry.job = { ...entry.job, running: false, stage: code === 'CANCELLED' ? 'Cancelled' : 'Failed', error: { code, message: errorMessage(err) } };
        } finally {
          emit(entry.job, true);
          forget();
        }
      })();
      return { ...entry.job };
    },
    async cancelStylePreview(jobId) {
      const entry = jobs.get(jobId);
      if (!entry) return null;
      entry.abort.abort();
      await entry.done;
      return { ...entry.job };
    },
    getStyleJob: async (jobId) => {
      const entry = jobs.get(jobId);
      return entry ? { ...entry.job } : null;
    },
    async saveStyledCopy(request) {
      const source = photoPath(request.photoId);
      const folder = request.folder === undefined ? undefined : resolveTypedPath(request.folder);
      return engine.saveCopy(source, { provider: request.provider, recipe: request.recipe, label: request.label ?? 'styled', folder });
    },
    async stop() {
      for (const entry of jobs.values()) entry.abort.abort();
      await Promise.all([...jobs.values()].map((e) => e.done));
      await engine.dispose();
    },
  };
}
