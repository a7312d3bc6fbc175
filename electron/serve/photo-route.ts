/**
 * `GET /photo/<thumb|preview|full>/<id>?token=...`: the WebP thumbnail, preview or full-resolution
 * rendition of a library photo.
 * The URL names an id, never a path: the raw path must be exactly three plain segments, the id is
 * parsed strictly, and PhotoAssets serves only indexed photos whose real path lies inside a
 * library folder. Anything else is a 404 (no hint whether the id exists).
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { PhotoAssetKind } from '../contract/api.js';
import type { Logger } from '../core/logger.js';
import { isPhotoAssetKind, parsePhotoId, PHOTO_ASSET_KIND_PATTERN } from '../contract/photo-asset.js';
import { sendText } from './http-replies.js';
import type { ServedService } from './served-service.js';

const PHOTO_PATH = new RegExp(`^/photo/(${PHOTO_ASSET_KIND_PATTERN})/([0-9]{1,16})$`);

export function parsePhotoPath(rawPath: string): { kind: PhotoAssetKind; id: number } | null {
  const m = PHOTO_PATH.exec(rawPath);
  if (!m) return null;
  const kind = isPhotoAssetKind(m[1]) ? m[1] : null;
  const id = parsePhotoId(m[2] ?? '');
  return kind && id !== null ? { kind, id } : null;
}

export async function handlePhoto(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  service: ServedService,
  logger: Logger,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const parsed = parsePhotoPath(rawPath);
  if (!parsed) {
    sendText(res, 404, 'Not found');
    return;
  }
  let asset: Awaited<ReturnType<ServedService['assets']['resolve']>>;
  try {
    asset = await service.assets.resolve(parsed.kind, parsed.id);
  } catch (err) {
    // An undecodable photo: the grid shows its placeholder.
    logger.warn(`no ${parsed.kind} for photo ${parsed.id}`, { error: err instanceof Error ? err.message : String(err) });
    asset = null;
  }
  if (!asset) {
    sendText(res, 404, 'Not found');
    return;
  }
  // The cached file name carries the photo's mtime and size, so it is a good validator: an edited
  // photo gets a new ETag, an unchanged one a cheap 304.
  const etag = `"${path.basename(asset.file)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const stat = await fs.promises.stat(asset.file).catch(() => null);
  if (!stat) {
    sendText(res, 404, 'Not found');
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', asset.mime);
  res.setHeader('Content-Length', stat.size);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(asset.file)
    .on('error', () => res.destroy())
    .pipe(res);
}
