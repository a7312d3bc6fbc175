/**
 * The photos table as typed data, and the one place DB rows are narrowed from `unknown`.
 */
export type PhotoStatus = 'indexed' | 'skipped';

/**
 * Why a photo was skipped: for its content (corrupt, unsupported: not retried until the file
 * changes), or for a cause that can pass with size and mtime unchanged (retried on every run).
 */
export type SkipKind = 'content' | 'access' | 'io' | 'vanished';
const SKIP_KINDS: ReadonlySet<string> = new Set<SkipKind>(['content', 'access', 'io', 'vanished']);

function isSkipKind(value: string): value is SkipKind {
  return SKIP_KINDS.has(value);
}

export interface PhotoFields {
  path: string;
  folder: string;
  size: number;
  mtimeMs: number;
  contentHash: string | null;
  status: PhotoStatus;
  skipReason: string | null;
  /** Null for indexed photos, and for photos skipped before schema 3 recorded the kind. */
  skipKind: SkipKind | null;
  format: string | null;
  width: number | null;
  height: number | null;
  takenAt: number | null;
  takenAtSource: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  gpsLat: number | null;
  gpsLon: number | null;
}

export interface PhotoRecord extends PhotoFields {
  id: number;
  indexedAt: number;
}

/** What the scanner compares against: enough to tell unchanged / changed / moved / gone. */
export type PhotoFingerprint = Pick<PhotoRecord, 'id' | 'path' | 'size' | 'mtimeMs' | 'contentHash' | 'status' | 'skipReason' | 'skipKind'>;

/** The columns toPhotoFingerprint reads, for the SELECT that feeds it. */
export const FINGERPRINT_COLUMNS = 'id, path, size, mtime_ms, content_hash, status, skip_reason, skip_kind';

function num(row: Record<string, unknown>, key: string): number {
  const v = row[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`photos.${key}: expected a number, got ${typeof v}`);
}
function numOrNull(row: Record<string, unknown>, key: string): number | null {
  return row[key] === null || row[key] === undefined ? null : num(row, key);
}
function str(row: Record<string, unknown>, key: string): string {
  const v = row[key];
  if (typeof v === 'string') return v;
  throw new Error(`photos.${key}: expected text, got ${typeof v}`);
}
function strOrNull(row: Record<string, unknown>, key: string): string | null {
  return row[key] === null || row[key] === undefined ? null : str(row, key);
}

function skipKindOrNull(row: Record<string, unknown>): SkipKind | null {
  const v = strOrNull(row, 'skip_kind');
  if (v === null) return null;
  if (!isSkipKind(v)) throw new Error(`photos.skip_kind: unknown value ${v}`);
  return v;
}

export function isRow(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function statusOf(row: Record<string, unknown>): PhotoStatus {
  const status = str(row, 'status');
  if (status !== 'indexed' && status !== 'skipped') throw new Error(`photos.status: unknown value ${status}`);
  return status;
}

/**
 * A row of FINGERPRINT_COLUMNS (toPhotoRecord reads the rest of a row on top of the same fields).
 * A rescan reads one per known photo: the whole row (SELECT *, 19 fields) cost 263 ms of a 2.6 s
 * rescan of 20,000 files (issue 14).
 */
export function toPhotoFingerprint(value: unknown): PhotoFingerprint {
  if (!isRow(value)) throw new Error('photos: expected a row');
  return fingerprintOf(value);
}

function fingerprintOf(value: Record<string, unknown>): PhotoFingerprint {
  return {
    id: num(value, 'id'),
    path: str(value, 'path'),
    size: num(value, 'size'),
    mtimeMs: num(value, 'mtime_ms'),
    contentHash: strOrNull(value, 'content_hash'),
    status: statusOf(value),
    skipReason: strOrNull(value, 'skip_reason'),
    skipKind: skipKindOrNull(value),
  };
}

export function toPhotoRecord(value: unknown): PhotoRecord {
  if (!isRow(value)) throw new Error('photos: expected a row');
  return {
    ...fingerprintOf(value),
    folder: str(value, 'folder'),
    format: strOrNull(value, 'format'),
    width: numOrNull(value, 'width'),
    height: numOrNull(value, 'height'),
    takenAt: numOrNull(value, 'taken_at'),
    takenAtSource: strOrNull(value, 'taken_at_source'),
    cameraMake: strOrNull(value, 'camera_make'),
    cameraModel: strOrNull(value, 'camera_model'),
    gpsLat: numOrNull(value, 'gps_lat'),
    gpsLon: numOrNull(value, 'gps_lon'),
    indexedAt: num(value, 'indexed_at'),
  };
}
