/**
 * Events from the engine to the renderer. Each `on...` returns an unsubscribe function.
 */
import type { AlbumsChangedDto } from './album-dto.js';
import type { SortJobDto } from './sort-dto.js';
import type { ModelDownloadJobDto } from './model-manager-dto.js';
import type { StyleJobDto } from './style-dto.js';
import type { IndexStateDto, LibraryChangedDto, WorkerRestartedDto } from './dto.js';

export type Unsubscribe = () => void;

export interface RecollectEventMap {
  indexProgress: IndexStateDto;
  libraryChanged: LibraryChangedDto;
  workerRestarted: WorkerRestartedDto;
  /** An album or its labels changed (in this window or another): re-read what is shown. */
  albumsChanged: AlbumsChangedDto;
  /** The export / undo in progress, and once more with its outcome when it ends. */
  sortProgress: SortJobDto;
  /** A model download in progress, and once more when it ends (done, failed or cancelled). */
  modelDownloadProgress: ModelDownloadJobDto;
  /** A style preview in progress, and once more with its result or error when it ends. */
  styleProgress: StyleJobDto;
}

export type RecollectEventName = keyof RecollectEventMap;

export interface RecollectEvents {
  onIndexProgress(listener: (state: IndexStateDto) => void): Unsubscribe;
  onLibraryChanged(listener: (change: LibraryChangedDto) => void): Unsubscribe;
  onWorkerRestarted(listener: (info: WorkerRestartedDto) => void): Unsubscribe;
  onAlbumsChanged(listener: (change: AlbumsChangedDto) => void): Unsubscribe;
  onSortProgress(listener: (job: SortJobDto) => void): Unsubscribe;
  onModelDownloadProgress(listener: (job: ModelDownloadJobDto) => void): Unsubscribe;
  onStyleProgress(listener: (job: StyleJobDto) => void): Unsubscribe;
}
