/**
 * JSON-safe data that crosses process boundaries (IPC, HTTP). Plain objects of strings, numbers,
 * booleans, nulls and arrays only: no Dates, Maps or class instances.
 * Contract module: types only, zero runtime dependencies, imported by every process.
 */

/** Dates are milliseconds of wall-clock time encoded as UTC (see core/image/metadata.ts). */
export type WallClockMs = number;

export type DeviceChoiceDto = 'auto' | 'cpu' | 'gpu';

export interface ProviderAttemptDto {
  provider: string;
  ok: boolean;
  reason?: string;
  cosine?: number;
  /** ONNX Runtime's own text, shown behind "details" only. */
  detail?: string;
}

export interface ModelStatusDto {
  dir: string;
  id: string | null;
  name: string | null;
  dim: number | null;
  /** Execution provider in use ('cpu', 'webgpu', 'dml', 'coreml'); null until loaded. */
  device: string | null;
  deviceChoice: DeviceChoiceDto;
  providerAttempts: ProviderAttemptDto[];
  /** Why the model could not be loaded, in words a person can act on. */
  error: string | null;
  /** A model being filled in the background (a switch); this one answers until it completes. */
  pendingDir?: string | null;
  /** That switch and how far it has got (absent or null: no switch under way). */
  pending?: ModelSwitchDto | null;
}

/** Which model a search was answered by (during a switch: the previous one until the new one is complete). */
export interface ModelRefDto {
  id: string;
  name: string;
  dir: string;
}

/**
 * A model switch under way: the library is re-embedded with `dir` while the active model keeps
 * answering. `done` of `total` indexed photos have a vector from it; id, name and done are null
 * until the new model has loaded in this process (its id is a hash of its files).
 */
export interface ModelSwitchDto {
  dir: string;
  id: string | null;
  name: string | null;
  done: number | null;
  total: number;
}

export interface FolderDto {
  path: string;
  /** Indexed photos under this folder (what its grid shows; skipped files are listed apart). */
  photos: number;
  /** False when the folder is not on disk right now (unplugged drive): nothing is removed then. */
  present: boolean;
}

export interface PhotoDto {
  id: number;
  path: string;
  name: string;
  folder: string;
  format: string | null;
  width: number | null;
  height: number | null;
  size: number;
  takenAt: WallClockMs | null;
  takenAtSource: 'exif' | 'file' | null;
  cameraMake: string | null;
  cameraModel: string | null;
  gps: { lat: number; lon: number } | null;
}

export interface PhotoPageDto {
  total: number;
  offset: number;
  photos: PhotoDto[];
}

export interface ListPhotosRequest {
  offset: number;
  limit: number;
  /** Only photos under this folder. */
  folder?: string;
}

export interface SearchQueryDto {
  /** Description, with optional negative terms ("beach -people"). Ignored when similarTo is set. */
  text?: string;
  /** "More like this": a photo id. */
  similarTo?: number;
  folder?: string;
  after?: WallClockMs;
  before?: WallClockMs;
  /** Show weaker matches too (no relevance cut-off). */
  showWeak?: boolean;
  limit?: number;
}

export interface SearchHitDto {
  photo: PhotoDto;
  /** Cosine similarity to the query. */
  score: number;
}

export interface SearchResultDto {
  query: string;
  hits: SearchHitDto[];
  /** Score threshold applied (null: too few photos to estimate one). */
  cutoff: number | null;
  /** Matches hidden by the cut-off ("show weaker matches"). */
  hidden: number;
  /** A description ('text') or "more like this" ('image'): each has its own cut-off and empty-state words. */
  kind: 'text' | 'image';
  /** More weaker matches exist than `hidden` counts (say "more", not a number). */
  moreHidden: boolean;
  /** Each negative term ("-people" -> "people") and how many photos it removed from what would show. */
  negatives: { term: string; removed: number }[];
  /** Things the user should be told about this answer (e.g. a query in a language the model does not read). */
  notes?: SearchNoteDto[];
  /** The model whose vectors answered (the active one; during a switch, the previous model). */
  answeredBy: ModelRefDto;
}

export interface SearchNoteDto {
  /** `query-language-unsupported`: the query has CJK characters and the model reads English only. */
  code: string;
  message: string;
}

export interface SkippedFileDto {
  path: string;
  reason: string;
}

export type IndexPhaseDto = 'idle' | 'loading-model' | 'scanning' | 'hashing' | 'indexing' | 'cleaning' | 'done' | 'paused' | 'failed';

export interface IndexStateDto {
  phase: IndexPhaseDto;
  running: boolean;
  paused: boolean;
  found: number;
  total: number;
  processed: number;
  imagesPerSecond: number;
  etaSeconds: number | null;
  currentPath: string | null;
  /** Files that could not be indexed, with reasons (last run). */
  skipped: SkippedFileDto[];
  /** Counts of the last finished run. */
  lastRun: { indexed: number; unchanged: number; moved: number; removed: number; seconds: number } | null;
  error: string | null;
  /** This run re-embeds the library for a model switch (absent or null: ordinary indexing). */
  switching?: ModelSwitchDto | null;
}

export interface LibraryStatusDto {
  libraryFile: string;
  photos: number;
  indexed: number;
  skipped: number;
  /** Indexed photos that are byte copies of another (the library counts each content once: indexed - exactCopies). */
  exactCopies?: number;
  folders: FolderDto[];
  model: ModelStatusDto | null;
  index: IndexStateDto;
}

export interface HostCapabilitiesDto {
  host: 'electron' | 'browser';
  /** A native folder picker exists (else the UI asks for a path). */
  pickFolder: boolean;
  /** "Reveal in folder" / "Open with default app" exist. */
  shellActions: boolean;
}

export interface SetModelRequest {
  dir: string;
  device: DeviceChoiceDto;
}

export interface LibraryChangedDto {
  reason: 'folders' | 'index' | 'model';
}

export interface WorkerRestartedDto {
  /** Why the engine process stopped (crash message or exit code). */
  reason: string;
}

/** One level of the folder browser (hosts without a native picker): folders only, never files. */
export interface SubfolderListingDto {
  /** The folder listed, absolute. */
  path: string;
  /** Its parent, or null at the top of the file system. */
  parent: string | null;
  /** Subfolders by name (hidden ones left out). */
  folders: { name: string; path: string }[];
}
