/**
 * JSON-safe data of the library views beyond the flat grid: the folder tree of the sidebar and
 * the groups of duplicate photos (issue 13). Contract module: types only, zero runtime deps.
 */
import type { PhotoDto } from './dto.js';

/** One folder of the sidebar tree: a library folder (root) or a subfolder that holds photos. */
export interface FolderNodeDto {
  /** Absolute path, no trailing separator: what listPhotos({ folder }) and search take. */
  path: string;
  /** Last path segment (the whole path for a root, which the UI shortens itself). */
  name: string;
  /** Indexed photos in this folder and every folder below it (what its grid shows). */
  photos: number;
  /** Subfolders that hold indexed photos (at any depth), by name. */
  children: FolderNodeDto[];
}

/** A library folder with its tree. */
export interface FolderRootDto extends FolderNodeDto {
  /** False when the folder is not on disk right now (unplugged drive): its photos stay. */
  present: boolean;
}

/**
 * Why photos are grouped: the same bytes, the same look (embedding cosine above the threshold),
 * or a burst (taken seconds apart and alike).
 */
export type DuplicateKindDto = 'exact' | 'similar' | 'burst';

export interface DuplicateGroupDto {
  kind: DuplicateKindDto;
  /** Why these photos are together, in words ("Exact copies: the same file content"). */
  reason: string;
  /** The lowest similarity between two linked photos of the group (1 for exact copies). */
  similarity: number;
  /** The photos, the suggested best copy first. */
  photos: PhotoDto[];
  bestId: number;
  /** Why that copy is suggested ("largest resolution: 1200 × 900"). */
  bestReason: string;
}

export interface DuplicatesDto {
  groups: DuplicateGroupDto[];
  /** Photos that are byte copies of another photo (one per distinct content counts as the original). */
  exactCopies: number;
  /** Cosine at or above which two photos count as looking the same; null when no model answers (exact copies only). */
  threshold: number | null;
}
