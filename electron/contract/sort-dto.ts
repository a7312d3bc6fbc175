/**
 * JSON-safe data of "sort to disk" (export albums into folders) over the API. Albums by id; a run
 * is a journalled job in the library (history, undo). Contract module: types only.
 */
export type SortModeDto = 'copy' | 'hardlink' | 'move';

export interface SortRequestDto {
  /** The folder the album folders go into (absolute; typed or picked). */
  into: string;
  /** Albums to export; empty or absent: every album. */
  albumIds?: number[];
  /** Each photo into its single best album (categorize) instead of every album it belongs to. */
  categorize?: boolean;
  /** With categorize: photos no album fits go to an "Unsorted" folder. */
  unsorted?: boolean;
  mode?: SortModeDto;
  /** Album names as keywords in XMP sidecars (default: on for copy and hardlink, off for move). */
  xmp?: boolean;
}

export interface SortPlanAlbumDto {
  name: string;
  /** The folder name used (album names are made safe for every OS). */
  folder: string;
  /** Why the folder name differs from the album name, in words. */
  renamed: string | null;
  photos: number;
  files: number;
  bytes: number;
}

/** A dry run: what would be written, and why anything would not. Nothing is written to make it. */
export interface SortPlanDto {
  target: string;
  mode: SortModeDto;
  xmp: boolean;
  albums: SortPlanAlbumDto[];
  /** Files copied, linked or moved (photos and their companions). */
  files: number;
  sidecars: number;
  folders: number;
  bytes: number;
  /** The first planned transfers (all of them up to a few hundred). */
  planned: { from: string; to: string }[];
  skipped: { path: string; reason: string }[];
  conflicts: { from: string; to: string; reason: string }[];
  notes: string[];
  /** Why the plan cannot be applied; empty when it can. */
  refusals: string[];
}

export type SortRunStateDto = 'applying' | 'applied' | 'stopped' | 'undoing' | 'undone';

export interface SortRunDto {
  run: number;
  at: number;
  into: string;
  mode: SortModeDto;
  xmp: boolean;
  state: SortRunStateDto;
  albums: string[];
  files: number;
  bytes: number;
  failed: number;
  undone: number;
  kept: number;
}

export interface SortOutcomeDto {
  kind: 'apply' | 'undo';
  run: number;
  /** Steps carried out (apply) or reversed (undo). */
  done: number;
  /** Files that could not be written (apply) or were left in place because they changed (undo). */
  notes: { path: string; reason: string }[];
  stopped: boolean;
  /** Why the job failed as a whole (no space, refused), in words; null when it ran. */
  error: string | null;
}

/** The running export or undo, or the last one's outcome. */
export interface SortJobDto {
  kind: 'apply' | 'undo';
  /** null until the run is journalled. */
  run: number | null;
  running: boolean;
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  currentPath: string | null;
  outcome: SortOutcomeDto | null;
}
