/**
 * The contract methods that need the main process: the native folder picker and the shell's
 * "reveal in folder" / "open with default app". The photo's path comes from the worker (the
 * library), never from the renderer: the renderer sends an id only; and the shell acts on it only
 * when its real path lies in a library folder (library-file.ts).
 */
import { dialog, shell, type BrowserWindow } from 'electron';
import fs from 'node:fs';
import type { PhotoDto } from '../contract/dto.js';
import type { SortRunDto } from '../contract/sort-dto.js';
import type { MainHandlers } from './ipc-router.js';
import { isLibraryFile } from './library-file.js';
import { WorkerCallError } from './worker-host.js';

export interface HostActionDeps {
  window: () => BrowserWindow | null;
  getPhoto: (id: number) => Promise<PhotoDto>;
  /** The library's folders, asked fresh each time (a folder removed a moment ago no longer counts). */
  libraryFolders: () => Promise<string[]>;
  /** The export history, from the worker: the shell opens only a folder an export wrote into. */
  sortRuns: () => Promise<Pick<SortRunDto, 'run' | 'into'>[]>;
}

export function createHostActions(deps: HostActionDeps): MainHandlers {
  /** The photo behind `id`, if the shell may touch its file. */
  const libraryPhoto = async (id: number): Promise<PhotoDto> => {
    const photo = await deps.getPhoto(id);
    if (!(await isLibraryFile(photo.path, await deps.libraryFolders()))) {
      throw new WorkerCallError({
        code: 'PHOTO_NOT_FOUND',
        message: `${photo.name} is not inside one of your library folders any more (moved, or replaced by a link elsewhere); index again.`,
      });
    }
    return photo;
  };
  return {
    pickFolder: async (): Promise<string | null> => {
      const win = deps.window();
      const options = { title: 'Add a photo folder', properties: ['openDirectory' as const] };
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    revealPhoto: async (id: number): Promise<void> => {
      const photo = await libraryPhoto(id);
      shell.showItemInFolder(photo.path);
    },
    openPhoto: async (id: number): Promise<void> => {
      const photo = await libraryPhoto(id);
      const failure = await shell.openPath(photo.path);
      if (failure) throw new WorkerCallError({ code: 'INTERNAL', message: `Could not open ${photo.name}: ${failure}` });
    },
    revealSortTarget: async (run: number): Promise<void> => {
      const found = (await deps.sortRuns()).find((r) => r.run === run);
      if (!found) throw new WorkerCallError({ code: 'SORT_RUN_NOT_FOUND', message: `There is no export ${run}.` });
      if (!fs.existsSync(found.into)) {
        throw new WorkerCallError({ code: 'FOLDER_NOT_FOUND', message: `${found.into} is not there any more (moved, deleted, or on a drive that is not connected).` });
      }
      const failure = await shell.openPath(found.into);
      if (failure) throw new WorkerCallError({ code: 'INTERNAL', message: `Could not open ${found.into}: ${failure}` });
    },
  };
}
