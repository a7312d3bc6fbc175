/**
 * The library domain of the API: photo folders (user data: adding starts indexing, removing
 * forgets photos but never touches the disk), the date-sorted photo pages and the host's shell
 * actions on a photo.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RecollectApi } from '../contract/api.js';
import type { FolderDto } from '../contract/dto.js';
import { CoreError } from '../core/core-error.js';
import { realPathInFolders } from '../core/scan/library-path.js';
import { buildFolderTree } from '../core/store/folder-tree.js';
import type { PhotoRecord } from '../core/store/photo-record.js';
import type { IndexingService } from './indexing-service.js';
import { toFolderDto, toPhotoDto } from './photo-dto.js';
import type { ServiceContext } from './service-context.js';
import { listSubfolders } from './subfolder-listing.js';
import { resolveTypedPath } from './typed-path.js';

export type LibraryService = Pick<
  RecollectApi,
  'listFolders' | 'addFolder' | 'removeFolder' | 'pickFolder' | 'listPhotos' | 'getPhoto' | 'revealPhoto' | 'openPhoto' | 'listSubfolders' | 'listFolderTree'
> & { folders(): FolderDto[] };

/** Most photos one page may ask for. */
const MAX_PAGE = 500;

export function createLibraryService(ctx: ServiceContext, indexing: IndexingService): LibraryService {
  const { core, events, host } = ctx;
  const { library } = core;
  const folders = (): FolderDto[] => library.folders.list().map((f) => toFolderDto(f, fs.existsSync(f.path)));

  const photo = (id: number): PhotoRecord => {
    const p = library.photos.get(id);
    if (!p) throw new CoreError('PHOTO_NOT_FOUND', 'That photo is no longer in the library.');
    return p;
  };

  /** Open/reveal act only on files the library may serve (real path inside a library folder; issue 8). */
  const shellPath = async (id: number): Promise<string> => {
    const p = photo(id);
    if ((await realPathInFolders(p.path, library.folders.paths())) === null) {
      throw new CoreError('PHOTO_NOT_FOUND', 'That photo is not inside one of your library folders any more; index again.');
    }
    return p.path;
  };

  return {
    folders,
    listFolders: async () => folders(),
    async addFolder(folderPath) {
      const resolved = resolveTypedPath(folderPath);
      const st = await fs.promises.stat(resolved).catch(() => null);
      if (!st?.isDirectory()) throw new CoreError('FOLDER_NOT_FOUND', `No folder at ${resolved}. Check the path.`);
      library.folders.add(resolved);
      events.emit('libraryChanged', { reason: 'folders' });
      if (core.modelDir || core.pendingModelDir) indexing.controller.start();
      return folders();
    },
    async removeFolder(folderPath) {
      const wasRunning = indexing.controller.getState().running;
      await indexing.controller.stop();
      library.folders.remove(path.resolve(folderPath));
      events.emit('libraryChanged', { reason: 'folders' });
      if (wasRunning) indexing.controller.start();
      return folders();
    },
    pickFolder: () => host.pickFolder(),
    async listPhotos({ offset, limit, folder }) {
      const page = library.photos.page(offset, Math.min(limit, MAX_PAGE), folder);
      return { total: page.total, offset, photos: page.photos.map(toPhotoDto) };
    },
    getPhoto: async (id) => toPhotoDto(photo(id)),
    revealPhoto: async (id) => host.reveal(await shellPath(id)),
    openPhoto: async (id) => host.open(await shellPath(id)),
    listSubfolders: (folderPath) => listSubfolders(folderPath),
    async listFolderTree() {
      const roots = library.folders.list().map((f) => f.path);
      return buildFolderTree(roots, library.photos.folderCounts()).map((node) => ({ ...node, present: fs.existsSync(node.path) }));
    },
  };
}
