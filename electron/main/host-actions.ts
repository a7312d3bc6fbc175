/**
 * The contract methods that need the main process: the native folder picker and the shell's
 * "reveal in folder" / "open with default app". The photo's path comes from the worker (the
 * library), never from the renderer: the renderer sends an id only.
 */
import { dialog, shell, type BrowserWindow } from 'electron';
import type { PhotoDto } from '../contract/dto.js';
import type { MainHandlers } from './ipc-router.js';
import { WorkerCallError } from './worker-host.js';

export interface HostActionDeps {
  window: () => BrowserWindow | null;
  getPhoto: (id: number) => Promise<PhotoDto>;
}

export function createHostActions(deps: HostActionDeps): MainHandlers {
  return {
    pickFolder: async (): Promise<string | null> => {
      const win = deps.window();
      const options = { title: 'Add a photo folder', properties: ['openDirectory' as const] };
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    revealPhoto: async (id: number): Promise<void> => {
      const photo = await deps.getPhoto(id);
      shell.showItemInFolder(photo.path);
    },
    openPhoto: async (id: number): Promise<void> => {
      const photo = await deps.getPhoto(id);
      const failure = await shell.openPath(photo.path);
      if (failure) throw new WorkerCallError({ code: 'INTERNAL', message: `Could not open ${photo.name}: ${failure}` });
    },
  };
}
