/**
 * The photo:// scheme: photo://thumb/<id>, photo://preview/<id> and photo://full/<id>, nothing
 * else. Pixels never cross IPC; the renderer's <img> asks this handler, which asks the worker for
 * the cached asset of a library photo (PhotoAssets: indexed photos inside a library folder only,
 * symlinks resolved) and streams that file.
 *
 * No path ever comes from the URL: the whole URL must match one exact pattern (kind + positive
 * decimal id), so ../ tricks, percent-encoding (%2F, %2e%2e), backslashes, queries and user/port
 * parts are refused before anything is looked up. As a second wall, the file the worker names must
 * resolve (realpath) inside the asset cache folder and be a regular file.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { PhotoAssetKind } from '../contract/api.js';
import { PHOTO_SCHEME } from '../contract/channels.js';
import { isPhotoAssetKind, parsePhotoId, PHOTO_ASSET_KIND_PATTERN, PHOTO_ID_PATTERN } from '../contract/photo-asset.js';
import type { AssetFile } from '../contract/worker-protocol.js';
import { isInside } from './library-file.js';

export interface PhotoRef {
  kind: PhotoAssetKind;
  id: number;
}

const PHOTO_URL = new RegExp(`^${PHOTO_SCHEME}://(${PHOTO_ASSET_KIND_PATTERN})/(${PHOTO_ID_PATTERN})$`);

export function parsePhotoUrl(raw: string): PhotoRef | null {
  const m = PHOTO_URL.exec(raw);
  if (!m) return null;
  const id = parsePhotoId(m[2] ?? '');
  const kind = m[1];
  if (id === null || !isPhotoAssetKind(kind)) return null;
  return { kind, id };
}


export interface PhotoProtocolOptions {
  resolveAsset: (kind: PhotoAssetKind, id: number) => Promise<AssetFile | null>;
  /** The worker's asset cache; every served file must lie inside it. */
  cacheDir: string;
}

const ALLOWED_MIME = new Set(['image/webp', 'image/jpeg', 'image/png']);

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
}

/** The protocol.handle callback, free of Electron so tests call it with a plain Request. */
export function createPhotoProtocolHandler(options: PhotoProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const ref = parsePhotoUrl(request.url);
    if (!ref) return plain(400, 'Not a photo URL');
    let asset: AssetFile | null;
    try {
      asset = await options.resolveAsset(ref.kind, ref.id);
    } catch {
      return plain(503, 'The photo could not be prepared');
    }
    if (!asset || !ALLOWED_MIME.has(asset.mime)) return plain(404, 'No such photo');
    let real: string;
    try {
      const [realFile, realCache] = await Promise.all([fs.promises.realpath(asset.file), fs.promises.realpath(options.cacheDir)]);
      if (!isInside(realFile, realCache)) return plain(404, 'No such photo');
      const st = await fs.promises.stat(realFile);
      if (!st.isFile()) return plain(404, 'No such photo');
      real = realFile;
    } catch {
      return plain(404, 'No such photo');
    }
    // no-cache: the same URL gets a new file when the photo is edited (PhotoAssets names files by mtime).
    const headers = { 'content-type': asset.mime, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = Readable.toWeb(fs.createReadStream(real));
    return new Response(body, { status: 200, headers });
  };
}
