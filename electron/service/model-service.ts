/**
 * The model domain of the API: which model answers, its device and why a GPU was not used, and
 * switching models without losing search (the core keeps the previous model answering while the
 * new one is filled by indexing, then hands over).
 */
import type { RecollectApi } from '../contract/api.js';
import type { ModelStatusDto } from '../contract/dto.js';
import { describeError } from '../core/core-error.js';
import type { ClipModel } from '../core/embed/clip-model.js';
import { parseDeviceChoice } from '../core/onnx/device-choice.js';
import type { IndexingService } from './indexing-service.js';
import type { ServiceContext } from './service-context.js';
import { resolveTypedPath } from './typed-path.js';

export interface ModelService extends Pick<RecollectApi, 'setModel'> {
  /** Loads the active model in the background (status shows it when ready). */
  warmUp(): void;
  status(): ModelStatusDto | null;
}

export function createModelService(
  ctx: ServiceContext,
  indexing: IndexingService,
  statusAfter: () => ReturnType<RecollectApi['getStatus']>,
): ModelService {
  const { core, events } = ctx;
  let loaded: ClipModel | null = null;
  let loadedDir: string | null = null;
  let modelError: string | null = null;

  const load = async (): Promise<void> => {
    if (!core.modelDir) return;
    const dir = core.modelDir;
    try {
      const m = await core.model();
      // The app shows the device and answers its first query soon: the sessions open now, and a
      // broken ONNX file is reported here rather than at the first search.
      await m.openSessions();
      loaded = m;
      loadedDir = dir;
      modelError = null;
    } catch (err) {
      loaded = null;
      modelError = describeError(err);
    }
  };

  return {
    warmUp: () => {
      // Search is readied too (its in-memory index loaded, model-slot.ts), so the first query is not the slow one.
      void load()
        .then(() => core.activeSlot()?.warmSearch())
        .catch(() => undefined);
      // After a restart mid-switch, the pending model loads too, so status can say how far it got.
      if (core.pendingModelDir) {
        void core.loadPending().then(
          () => events.emit('libraryChanged', { reason: 'model' }),
          () => {}, // a broken pending folder is reported by the re-embed run that needs it
        );
      }
    },
    status() {
      const dir = core.modelDir;
      if (!dir) return null;
      // A model that loaded for another folder (before a switch) says nothing about this one.
      const m = loadedDir === dir ? loaded : (core.activeSlot()?.loaded ?? null);
      return {
        dir,
        id: m?.id ?? null,
        name: m?.name ?? null,
        dim: m?.dim ?? null,
        device: m?.device ?? null,
        deviceChoice: parseDeviceChoice(core.library.settings.get('model.deviceChoice')),
        providerAttempts: m ? m.providerAttempts.map((a) => ({ ...a })) : [],
        error: loadedDir === dir || m ? modelError : null,
        pendingDir: core.pendingModelDir,
        pending: core.switchProgress(),
      };
    },
    async setModel({ dir, device }) {
      // Typed in the app: "~/models/clip" means the home folder, a relative path is refused.
      const resolved = resolveTypedPath(dir);
      await indexing.controller.stop();
      // Loads the folder first: a broken one is refused and nothing changes.
      await core.useModel(resolved, { device });
      await load();
      events.emit('libraryChanged', { reason: 'model' });
      if (core.library.folders.paths().length > 0) indexing.controller.start();
      return statusAfter();
    },
  };
}
