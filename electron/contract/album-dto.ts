/**
 * JSON-safe album data that crosses process boundaries (IPC, HTTP). Albums are addressed by id
 * over the API (a rename never breaks a window that holds one); the CLI addresses them by name.
 * Contract module: types only.
 */
import type { PhotoDto } from './dto.js';

export interface AlbumSummaryDto {
  id: number;
  name: string;
  include: string[];
  exclude: string[];
  /** Photos in the album (accepted + suggested); null while no model is chosen (nothing is scored yet). */
  members: number | null;
  accepted: number;
  rejected: number;
}

/** accepted / suggested: members; rejected / excluded / out: not members. */
export type AlbumPhotoStateDto = 'accepted' | 'suggested' | 'rejected' | 'excluded' | 'out';

export interface AlbumPhotoDto {
  photo: PhotoDto;
  /** Zero-shot cosine to the album's words. */
  score: number;
  /** What the album's classifier gives it (0..1); 0.5 is the membership line. */
  probability: number;
  state: AlbumPhotoStateDto;
  /** One sentence a person can read. */
  why: string;
}

export interface AlbumViewDto {
  album: AlbumSummaryDto;
  /** The score threshold calibrated on this library and model. */
  threshold: number;
  /** How it was calibrated ('otsu', 'mixture', ...). */
  thresholdMethod: string;
  /** True once labels trained the album's own classifier. */
  learned: boolean;
  /** Photos this view holds in all (members, or every photo with `all`). */
  total: number;
  offset: number;
  photos: AlbumPhotoDto[];
}

export interface GetAlbumRequest {
  id: number;
  offset?: number;
  limit?: number;
  /** Every photo, members first (to find what the album misses). */
  all?: boolean;
}

export interface CreateAlbumRequest {
  name: string;
  include: string[];
  exclude?: string[];
}

export interface UpdateAlbumRequest {
  id: number;
  name?: string;
  include?: string[];
  exclude?: string[];
}

/** What an album described by these words would hold (live preview while typing). */
export interface AlbumPreviewRequest {
  include: string[];
  exclude?: string[];
  limit?: number;
}

export interface AlbumPreviewDto {
  threshold: number;
  members: number;
  photos: { photo: PhotoDto; score: number }[];
}

export type AlbumLabelDto = 'accepted' | 'rejected' | null;

export interface AlbumLabelChangeDto {
  photoId: number;
  /** null clears the user's label (the album decides again). */
  label: AlbumLabelDto;
}

export interface LabelAlbumPhotosRequest {
  albumId: number;
  changes: AlbumLabelChangeDto[];
}

export interface LabelAlbumPhotosResultDto {
  album: AlbumSummaryDto;
  /** The labels these photos had before: send them back to undo the correction. */
  previous: AlbumLabelChangeDto[];
}

export interface AlbumWhyDto {
  member: boolean;
  text: string;
  score: number;
  threshold: number;
  probability: number;
  learned: boolean;
  label: AlbumLabelDto;
  closestPrompt: { prompt: string; score: number } | null;
  closestAccepted: { photoId: number; path: string; similarity: number } | null;
  closestRejected: { photoId: number; path: string; similarity: number } | null;
  exclusion: { prompt: string; score: number } | null;
}

export interface StarterAlbumDto {
  id: string;
  name: string;
  include: string[];
  exclude: string[];
  /** True when an album of this name exists already. */
  exists: boolean;
}

export interface CategorizeRequest {
  /** Albums to sort into; empty or absent: every album. */
  albumIds?: number[];
  /** Photos shown per column (the counts are always complete). */
  limit?: number;
}

export interface CategorizeColumnDto {
  /** null: Unsorted. */
  album: { id: number; name: string } | null;
  count: number;
  photos: { photo: PhotoDto; score: number; confidence: number }[];
}

export interface CategorizeResultDto {
  columns: CategorizeColumnDto[];
  /** The softmax confidence a photo needs to be sorted rather than left Unsorted. */
  minConfidence: number;
}

export interface AlbumsChangedDto {
  /** The album that changed; null when several did (or the library changed under them). */
  albumId: number | null;
  reason: 'created' | 'updated' | 'labels' | 'deleted';
}
