/**
 * JSON-safe data of the model manager over the API (issue 12): the catalog, installed models with
 * their library vectors, downloads as jobs with progress (`modelDownloadProgress` events), removal
 * and import. Contract module: types only.
 */
import type { ApiErrorDto } from './errors.js';

export interface CatalogModelDto {
  id: string;
  name: string;
  repo: string;
  revision: string;
  /** False: sizes / revision are published estimates, checked against the hub at download. */
  verified: boolean;
  dim: number;
  languages: string[];
  license: string;
  speed: 'fast' | 'medium' | 'slow';
  quality: 'good' | 'better' | 'best';
  /** One line: when to pick this model. */
  pickWhen: string;
  /** Download sizes of the fp32 and int8 variants (null: no int8 variant). */
  bytes: { fp32: number; quantized: number | null };
  recommended: boolean;
  /** partial: a download stopped half-way and resumes where it stopped. */
  state: 'available' | 'partial' | 'installed' | 'active';
}

export interface InstalledModelDto {
  id: string;
  dir: string;
  catalogId: string | null;
  source: 'hub' | 'import';
  /** Hub repository, or the folder it was imported from. */
  origin: string;
  revision: string | null;
  commit: string | null;
  installedAt: string;
  bytesOnDisk: number;
  variants: { fp32: boolean; quantized: boolean };
  /** Library vectors per variant (null: that variant is not installed). */
  vectors: { fp32: number | null; quantized: number | null };
  /** Answers searches now / is being switched to. */
  active: boolean;
  pending: boolean;
}

export interface ModelListDto {
  modelsDir: string;
  catalog: CatalogModelDto[];
  installed: InstalledModelDto[];
  /** Downloads running or finished since the engine started. */
  downloads: ModelDownloadJobDto[];
}

/** A catalog id, or any hub repository (`owner/name`) in the supported layout. */
export interface ModelDownloadRequestDto {
  id?: string;
  repo?: string;
  revision?: string;
  /** The int8 variant (smaller, a little less exact). */
  quantized?: boolean;
  /** A mirror (default: HF_ENDPOINT where the engine runs, else the official hub). */
  endpoint?: string;
  /** Access token for a gated model; used for this download only, never stored or logged. */
  token?: string;
}

export interface ModelDownloadJobDto {
  jobId: string;
  /** The model's folder id (catalog id, or owner--name). */
  id: string;
  repo: string;
  revision: string;
  quantized: boolean;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  file: string | null;
  fileIndex: number;
  files: number;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
  /** The installed folder once done. */
  dir: string | null;
  error: ApiErrorDto | null;
  startedAt: number;
}

export interface RemoveModelRequestDto {
  id: string;
  /** Also delete the library's vectors from this model (those no other installed model shares). */
  vectors: boolean;
}

export interface RemoveModelResultDto {
  id: string;
  dir: string;
  bytesFreed: number;
  vectorsRemoved: number;
  vectorsKept: number;
}

export interface ImportedModelDto {
  id: string;
  dir: string;
  files: { path: string; bytes: number; sha256: string }[];
}
