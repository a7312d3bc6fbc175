/**
 * The indexing domain of the API: background indexing of the library's folders with pause and
 * resume (index-controller.ts), and thumbnails warmed while it runs.
 */
import type { RecollectApi } from '../contract/api.js';
import { CoreError } from '../core/core-error.js';
import { IndexController } from './index-controller.js';
import type { ServiceContext } from './service-context.js';
import type { ThumbnailWarmer } from './thumbnail-warmer.js';

export interface IndexingService extends Pick<RecollectApi, 'startIndexing' | 'pauseIndexing' | 'resumeIndexing' | 'getIndexState'> {
  readonly controller: IndexController;
}

export function createIndexingService(ctx: ServiceContext, warmer: ThumbnailWarmer): IndexingService {
  const { core } = ctx;
  const controller = new IndexController(core, ctx.events, () => warmer.photosAdded());
  return {
    controller,
    startIndexing: async () => {
      if (!core.modelDir && !core.pendingModelDir) throw new CoreError('MODEL_NOT_CONFIGURED', 'Choose a model folder first (Settings).');
      return controller.start();
    },
    pauseIndexing: async () => controller.pause(),
    resumeIndexing: async () => controller.resume(),
    getIndexState: async () => controller.getState(),
  };
}
