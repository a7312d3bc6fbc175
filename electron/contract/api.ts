/**
 * The one API the renderer sees. Implemented by the preload bridge (Electron) and by the HTTP
 * client (browser host); the renderer cannot tell them apart. Every method returns a Promise of
 * JSON-safe DTOs; failures reject with an ApiError carrying an ErrorCode.
 */
import type {
  FolderDto,
  HostCapabilitiesDto,
  IndexStateDto,
  LibraryStatusDto,
  ListPhotosRequest,
  PhotoDto,
  PhotoPageDto,
  SearchQueryDto,
  SearchResultDto,
  SetModelRequest,
} from './dto.js';
import type { SubfolderListingDto } from './dto.js';
import type { RecollectEvents } from './events.js';

export interface RecollectApi {
  getCapabilities(): Promise<HostCapabilitiesDto>;
  getStatus(): Promise<LibraryStatusDto>;
  /** Chooses (and loads) the model; the choice is remembered in the library. */
  setModel(request: SetModelRequest): Promise<LibraryStatusDto>;

  listFolders(): Promise<FolderDto[]>;
  /** Adds a photo folder and starts indexing it. */
  addFolder(path: string): Promise<FolderDto[]>;
  /** Forgets a folder and its photos (never touches the disk). */
  removeFolder(path: string): Promise<FolderDto[]>;
  /** Native folder picker; null when cancelled or when the host has none. */
  pickFolder(): Promise<string | null>;

  startIndexing(): Promise<IndexStateDto>;
  pauseIndexing(): Promise<IndexStateDto>;
  resumeIndexing(): Promise<IndexStateDto>;
  getIndexState(): Promise<IndexStateDto>;

  /** Photos sorted by date taken, newest first. */
  listPhotos(request: ListPhotosRequest): Promise<PhotoPageDto>;
  getPhoto(id: number): Promise<PhotoDto>;
  search(query: SearchQueryDto): Promise<SearchResultDto>;

  revealPhoto(id: number): Promise<void>;
  openPhoto(id: number): Promise<void>;

  /** Subfolders of a folder where the engine runs (null: the home folder): the folder browser of a host without a native picker. */
  listSubfolders(path: string | null): Promise<SubfolderListingDto>;
}

/** What the renderer gets: calls, events, and URLs for pixels (which never cross IPC). */
export interface RecollectBridge extends RecollectApi, RecollectEvents {
  /** URL of a photo's thumbnail (~320 px WebP) or viewer-size image. */
  photoUrl(kind: PhotoAssetKind, id: number): string;
}

import type { PhotoAssetKind } from './photo-asset.js';

export type { PhotoAssetKind };

export type RecollectMethod = keyof RecollectApi;
