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
  SubfolderListingDto,
} from './dto.js';
import type {
  AlbumPreviewDto,
  AlbumPreviewRequest,
  AlbumSummaryDto,
  AlbumViewDto,
  AlbumWhyDto,
  CategorizeRequest,
  CategorizeResultDto,
  CreateAlbumRequest,
  GetAlbumRequest,
  LabelAlbumPhotosRequest,
  LabelAlbumPhotosResultDto,
  StarterAlbumDto,
  UpdateAlbumRequest,
} from './album-dto.js';
import type { RecollectEvents } from './events.js';
import type { DuplicatesDto, FolderRootDto } from './library-dto.js';
import type { SortJobDto, SortPlanDto, SortRequestDto, SortRunDto } from './sort-dto.js';
import type {
  ImportedModelDto,
  ModelDownloadJobDto,
  ModelDownloadRequestDto,
  ModelListDto,
  RemoveModelRequestDto,
  RemoveModelResultDto,
} from './model-manager-dto.js';
import type { SavedStyledCopyDto, SaveStyledCopyRequestDto, StyleJobDto, StylePreviewRequestDto, StyleProviderDto, StyleProviderSettingsRequest } from './style-dto.js';

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

  /** Albums with their counts (members null while no model is chosen). */
  listAlbums(): Promise<AlbumSummaryDto[]>;
  /** The curated one-click albums. */
  listStarterAlbums(): Promise<StarterAlbumDto[]>;
  createAlbum(request: CreateAlbumRequest): Promise<AlbumSummaryDto>;
  /** Rename and / or new prompts; labels stay. */
  updateAlbum(request: UpdateAlbumRequest): Promise<AlbumSummaryDto>;
  /** Forgets the album and its labels (photos are never touched). */
  deleteAlbum(id: number): Promise<AlbumSummaryDto[]>;
  /** An album's photos: members (accepted first, then by how sure the album is), paged. */
  getAlbum(request: GetAlbumRequest): Promise<AlbumViewDto>;
  /** What an album with these words would hold, without creating it. */
  previewAlbum(request: AlbumPreviewRequest): Promise<AlbumPreviewDto>;
  /** Accept / reject / clear photos in one step; the answer carries what undoes it. */
  labelAlbumPhotos(request: LabelAlbumPhotosRequest): Promise<LabelAlbumPhotosResultDto>;
  explainAlbumPhoto(albumId: number, photoId: number): Promise<AlbumWhyDto>;
  /** Each photo into its single best album, or Unsorted. */
  categorize(request: CategorizeRequest): Promise<CategorizeResultDto>;

  /** Dry run of an export to folders: the whole plan; nothing is written. */
  planSort(request: SortRequestDto): Promise<SortPlanDto>;
  /** Plans again and carries it out in the background (progress: sortProgress events). */
  startSort(request: SortRequestDto): Promise<SortJobDto>;
  /** Reverses a past run in the background (what changed since is left and listed). */
  startSortUndo(run: number): Promise<SortJobDto>;
  /** Stops the export or undo in progress after the current file (a later run or undo finishes it). */
  cancelSort(): Promise<SortJobDto | null>;
  /** The running or last job; null when none ran since start. */
  getSortJob(): Promise<SortJobDto | null>;
  /** Past runs, newest first. */
  listSortRuns(): Promise<SortRunDto[]>;
  /** The model catalog, the installed models (size, vectors, state) and the downloads. */
  listModels(): Promise<ModelListDto>;
  /** Starts (or joins) a resumable, verified download in the background (progress: modelDownloadProgress). */
  startModelDownload(request: ModelDownloadRequestDto): Promise<ModelDownloadJobDto>;
  /** Stops a download; what arrived stays staged, so starting it again resumes. Null: no such job. */
  cancelModelDownload(jobId: string): Promise<ModelDownloadJobDto | null>;
  getModelDownload(jobId: string): Promise<ModelDownloadJobDto | null>;
  /** Deletes an installed model (its vectors only on request); refused for the model in use. */
  removeModel(request: RemoveModelRequestDto): Promise<RemoveModelResultDto>;
  /** Copies a model folder the user has into the models folder, after the loader's checks. */
  importModelFolder(path: string): Promise<ImportedModelDto>;
  /** Opens the folder an export wrote into in the file manager (hosts with shell actions). */
  revealSortTarget(run: number): Promise<void>;
  /** Style providers in menu order, each with whether it can run now and why not. */
  listStyleProviders(): Promise<StyleProviderDto[]>;
  /** Changes a provider's settings (kept in the library); answers the providers as they are now. */
  setStyleProviderSettings(request: StyleProviderSettingsRequest): Promise<StyleProviderDto[]>;
  /**
   * Starts a style preview in the background and answers at once with its job; progress and the
   * result (or the error) come as styleProgress events. A new preview cancels one still running.
   */
  previewStyle(request: StylePreviewRequestDto): Promise<StyleJobDto>;
  /** Stops a preview; it ends with error code CANCELLED. null when no such job is known. */
  cancelStylePreview(jobId: string): Promise<StyleJobDto | null>;
  /** A preview job as it stands (for a window that missed the events); null when unknown. */
  getStyleJob(jobId: string): Promise<StyleJobDto | null>;
  /** Renders the recipe at full size into a new file (never overwriting anything); the original is only read. */
  saveStyledCopy(request: SaveStyledCopyRequestDto): Promise<SavedStyledCopyDto>;
  /** Subfolders of a folder where the engine runs (null: the home folder): the folder browser of a host without a native picker. */
  listSubfolders(path: string | null): Promise<SubfolderListingDto>;
  /** The library folders with their subfolders that hold photos, nested, with counts (the sidebar tree). */
  listFolderTree(): Promise<FolderRootDto[]>;
  /** Exact copies and near-identical photos, grouped, each group with its suggested best copy. Nothing is deleted. */
  listDuplicates(): Promise<DuplicatesDto>;
}

/** What the renderer gets: calls, events, and URLs for pixels (which never cross IPC). */
export interface RecollectBridge extends RecollectApi, RecollectEvents {
  /** URL of a photo's thumbnail (~320 px WebP) or viewer-size image. */
  photoUrl(kind: PhotoAssetKind, id: number): string;
}

import type { PhotoAssetKind } from './photo-asset.js';

export type { PhotoAssetKind };

export type RecollectMethod = keyof RecollectApi;
