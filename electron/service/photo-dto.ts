/**
 * Core records -> contract DTOs (JSON-safe).
 */
import path from 'node:path';
import type { FolderDto, PhotoDto } from '../contract/dto.js';
import type { FolderRow } from '../core/store/folder-store.js';
import type { PhotoRecord } from '../core/store/photo-record.js';

export function toPhotoDto(p: PhotoRecord): PhotoDto {
  return {
    id: p.id,
    path: p.path,
    name: path.basename(p.path),
    folder: p.folder.endsWith(path.sep) && p.folder.length > 1 ? p.folder.slice(0, -1) : p.folder,
    format: p.format,
    width: p.width,
    height: p.height,
    size: p.size,
    takenAt: p.takenAt,
    takenAtSource: p.takenAtSource === 'exif' || p.takenAtSource === 'file' ? p.takenAtSource : null,
    cameraMake: p.cameraMake,
    cameraModel: p.cameraModel,
    gps: p.gpsLat !== null && p.gpsLon !== null ? { lat: p.gpsLat, lon: p.gpsLon } : null,
  };
}

export function toFolderDto(f: FolderRow, present: boolean): FolderDto {
  return { path: f.path, photos: f.photos, present };
}
