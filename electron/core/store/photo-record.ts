/**
 * The photos table as typed data, and the one place DB rows are narrowed from `unknown`.
 */
export type PhotoStatus = 'indexed' | 'skipped';

export interface PhotoFields {
  path: string;
  folder: string;
  size: number;
  mtimeMs: number;
  contentHash: string | null;
  status: PhotoStatus;
  skipReason: string | null;
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

export function isRow(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function toPhotoRecord(value: unknown): PhotoRecord {
  if (!isRow(value)) throw new Error('photos: expected a row');
  const status = str(value, 'status');
  if (status !== 'indexed' && status !== 'skipped') throw new Error(`photos.status: unknown value ${status}`);
  return {
    id: num(value, 'id'),
    path: str(value, 'path'),
    folder: str(value, 'folder'),
    size: num(value, 'size'),
    mtimeMs: num(value, 'mtime_ms'),
    contentHash: strOrNull(value, 'content_hash'),
    status,
    skipReason: strOrNull(value, 'skip_reason'),
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
