/**
 * IPC channel names, `domain:action` (conventions.md rule 1). One invoke channel per API method,
 * one event channel per event; the preload and main build their wrappers from these lists.
 */
import type { RecollectMethod } from './api.js';
import type { RecollectEventName } from './events.js';

export const API_METHODS = [
  'getCapabilities',
  'getStatus',
  'setModel',
  'listFolders',
  'addFolder',
  'removeFolder',
  'pickFolder',
  'startIndexing',
  'pauseIndexing',
  'resumeIndexing',
  'getIndexState',
  'listPhotos',
  'getPhoto',
  'search',
  'revealPhoto',
  'openPhoto',
  'listAlbums',
  'listStarterAlbums',
  'createAlbum',
  'updateAlbum',
  'deleteAlbum',
  'getAlbum',
  'previewAlbum',
  'labelAlbumPhotos',
  'explainAlbumPhoto',
  'categorize',
  'planSort',
  'startSort',
  'startSortUndo',
  'cancelSort',
  'getSortJob',
  'listSortRuns',
  'listModels',
  'startModelDownload',
  'cancelModelDownload',
  'getModelDownload',
  'removeModel',
  'importModelFolder',
  'revealSortTarget',
  'listSubfolders',
  'listFolderTree',
  'listDuplicates',
  'listStyleProviders',
  'setStyleProviderSettings',
  'previewStyle',
  'cancelStylePreview',
  'getStyleJob',
  'saveStyledCopy',
] as const satisfies readonly RecollectMethod[];

// Compile-time check that the list names every method exactly.
type Missing = Exclude<RecollectMethod, (typeof API_METHODS)[number]>;
const _allMethodsListed: Missing extends never ? true : Missing = true;
void _allMethodsListed;

export const EVENT_NAMES = ['indexProgress', 'libraryChanged', 'workerRestarted', 'albumsChanged', 'sortProgress', 'modelDownloadProgress', 'styleProgress'] as const satisfies readonly RecollectEventName[];

export function invokeChannel(method: RecollectMethod): string {
  return `recollect:${method}`;
}

export function eventChannel(event: RecollectEventName): string {
  return `recollect-event:${event}`;
}

/** Custom scheme serving thumbnails and previews of library photos only: photo://thumb/<id>. */
export const PHOTO_SCHEME = 'photo';
