/**
 * One file -> photo fields + model input, or a skip reason. Never throws: a broken file is data.
 * Reads the file only (hash, decode, EXIF); never writes to it.
 */
import { describeError } from '../core-error.js';
import type { ClipModel } from '../embed/clip-model.js';
import { pipelineError } from '../image/decode-error.js';
import type { OpenedImage } from '../image/opened-image.js';
import { hashFile } from '../scan/content-hash.js';
import { describeReadFailure } from '../scan/read-failure.js';
import type { WalkedFile } from '../scan/walk.js';
import { folderKey } from '../store/path-range.js';
import type { PhotoFields } from '../store/photo-record.js';

export interface PhotoMetadataLike {
  takenAt: number;
  takenAtSource: string;
  cameraMake: string | null;
  cameraModel: string | null;
  gps: { lat: number; lon: number } | null;
}

export interface PhotoReaders {
  openImage: (filePath: string) => Promise<OpenedImage>;
  readMetadata: (filePath: string, fallbackMtimeMs: number) => Promise<PhotoMetadataLike>;
  model: Pick<ClipModel, 'preprocess'>;
}

export interface PhotoJob {
  file: WalkedFile;
  /** Existing row to replace (changed file, or missing vector). */
  photoId?: number;
  /** The file's content changed: vectors under other models are stale too. */
  changed?: boolean;
  contentHash?: string;
}

export type PreparedPhoto =
  | { ok: true; job: PhotoJob; fields: PhotoFields; pixels: Float32Array }
  | { ok: false; job: PhotoJob; fields: PhotoFields; reason: string };

function baseFields(file: WalkedFile, contentHash: string | null): PhotoFields {
  return {
    path: file.path,
    folder: folderKey(file.path),
    size: file.size,
    mtimeMs: file.mtimeMs,
    contentHash,
    status: 'skipped',
    skipReason: null,
    skipKind: null,
    format: null,
    width: null,
    height: null,
    takenAt: null,
    takenAtSource: null,
    cameraMake: null,
    cameraModel: null,
    gpsLat: null,
    gpsLon: null,
  };
}

export async function preparePhoto(job: PhotoJob, readers: PhotoReaders): Promise<PreparedPhoto> {
  let contentHash: string | null = job.contentHash ?? null;
  try {
    contentHash ??= await hashFile(job.file.path);
    const image = await readers.openImage(job.file.path);
    const [pixels, meta] = await Promise.all([
      // Pixels decode lazily: a truncated file fails here, with libvips' words; say it plainly.
      readers.model.preprocess(image).catch((err: unknown) => {
        throw pipelineError(err, image);
      }),
      readers.readMetadata(job.file.path, job.file.mtimeMs),
    ]);
    const fields: PhotoFields = {
      ...baseFields(job.file, contentHash),
      status: 'indexed',
      format: image.format,
      width: image.width,
      height: image.height,
      takenAt: meta.takenAt,
      takenAtSource: meta.takenAtSource,
      cameraMake: meta.cameraMake,
      cameraModel: meta.cameraModel,
      gpsLat: meta.gps?.lat ?? null,
      gpsLon: meta.gps?.lon ?? null,
    };
    return { ok: true, job, fields, pixels };
  } catch (err) {
    // An I/O failure (permission, vanished, disk) is said in words and retried next run; anything
    // else is about the file's content and waits until the file changes.
    const { kind, reason } = describeReadFailure(err, 'file') ?? { kind: 'content', reason: describeError(err) };
    return { ok: false, job, reason, fields: { ...baseFields(job.file, contentHash), skipReason: reason, skipKind: kind } };
  }
}
