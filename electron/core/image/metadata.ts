/**
 * Photo metadata for the library: capture time, camera make/model and GPS position, read
 * with exifr (JPEG, TIFF and TIFF-based RAW, HEIC, AVIF, PNG eXIf). Never throws: broken
 * EXIF (MANIFEST: hopper_bad_exif.jpg, invalid-exif.jpg, truncated_exif_dpi.jpg) gives
 * nulls and the file-time fallback, and a parse that does not finish within
 * METADATA_TIMEOUT_MS is abandoned (MANIFEST exif-samples/jpg/invalid: "use a timeout guard").
 *
 * takenAt convention (see taken-at.ts): wall-clock local time encoded as if it were UTC,
 * for EXIF dates (OffsetTimeOriginal not applied) and for the mtime fallback alike.
 * Reads the file only; must not import sharp or any host.
 */
import { loadExifr, type ExifReader } from './load-exifr.js';
import { parseExifWallClock, wallClockFromInstant } from './taken-at.js';

export interface PhotoMetadata {
  takenAt: number;
  takenAtSource: 'exif' | 'file';
  cameraMake: string | null;
  cameraModel: string | null;
  gps: { lat: number; lon: number } | null;
}

const METADATA_TIMEOUT_MS = 5_000;

/**
 * Only the tags we store. reviveValues: false keeps dates as the raw EXIF strings (exifr
 * would otherwise build Dates in the process's zone) and GPS as raw rationals, which we
 * validate ourselves (MANIFEST exif_gps.jpg: GPSLatitude 4294967295 must not be stored).
 */
const EXIFR_OPTIONS: Parameters<ExifReader['parse']>[1] = {
  tiff: true,
  ifd0: { pick: ['Make', 'Model', 'ModifyDate'] },
  exif: { pick: ['DateTimeOriginal', 'CreateDate', 'SubSecTimeOriginal', 'SubSecTimeDigitized'] },
  gps: { pick: ['GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'] },
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  reviveValues: false,
  translateValues: false,
  sanitize: true,
};

type Tags = Readonly<Record<string, unknown>>;

function isTags(value: unknown): value is Tags {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readTags(path: string): Promise<Tags> {
  const exifr = await loadExifr();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), METADATA_TIMEOUT_MS);
  });
  try {
    const parsed: unknown = await Promise.race([exifr.parse(path, EXIFR_OPTIONS), timeout]);
    return isTags(parsed) ? parsed : {};
  } catch {
    return {}; // corrupt or unsupported metadata: the photo still indexes
  } finally {
    clearTimeout(timer);
  }
}

/** Trims, drops NULs and control characters, collapses whitespace; empty -> null. */
export function cleanCameraString(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const cleaned = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > 0 ? cleaned.slice(0, 200) : null;
}

function degrees(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (!Array.isArray(value) || value.length === 0 || value.length > 3) return null;
  const parts = value.map((part: unknown) => (typeof part === 'number' && Number.isFinite(part) ? part : NaN));
  const [d = 0, m = 0, s = 0] = parts;
  if (parts.some(Number.isNaN) || m < 0 || m >= 60 || s < 0 || s >= 60 || d < 0) return null;
  return d + m / 60 + s / 3600;
}

/** Validated decimal position, or null (missing, out of range or the 0,0 "null island"). */
export function gpsFromTags(tags: Tags): { lat: number; lon: number } | null {
  const latAbs = degrees(tags.GPSLatitude);
  const lonAbs = degrees(tags.GPSLongitude);
  if (latAbs === null || lonAbs === null) return null;
  const lat = tags.GPSLatitudeRef === 'S' ? -latAbs : latAbs;
  const lon = tags.GPSLongitudeRef === 'W' ? -lonAbs : lonAbs;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  if (lat === 0 && lon === 0) return null;
  return { lat, lon };
}

function takenAtFromTags(tags: Tags): number | null {
  return (
    parseExifWallClock(tags.DateTimeOriginal, tags.SubSecTimeOriginal) ??
    parseExifWallClock(tags.CreateDate, tags.SubSecTimeDigitized) ??
    // IFD0 DateTime (last edit) still beats the file time (MANIFEST Canon_40D_photoshop_import).
    parseExifWallClock(tags.ModifyDate)
  );
}

export async function readPhotoMetadata(path: string, fallbackMtimeMs: number): Promise<PhotoMetadata> {
  const tags = await readTags(path);
  const exifTakenAt = takenAtFromTags(tags);
  return {
    takenAt: exifTakenAt ?? wallClockFromInstant(fallbackMtimeMs),
    takenAtSource: exifTakenAt === null ? 'file' : 'exif',
    cameraMake: cleanCameraString(tags.Make),
    cameraModel: cleanCameraString(tags.Model),
    gps: gpsFromTags(tags),
  };
}
