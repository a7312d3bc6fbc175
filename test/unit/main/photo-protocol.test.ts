/**
 * photo:// at the handler boundary, over a real library (core stores, temp folder) and the real
 * PhotoAssets the worker uses: only thumbnails/previews of library photos come out.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoAssetKind } from '../../../electron/contract/api.js';
import { FolderStore } from '../../../electron/core/store/folder-store.js';
import { openLibrary, type Library } from '../../../electron/core/store/open-library.js';
import type { PhotoFields } from '../../../electron/core/store/photo-record.js';
import { PhotoStore } from '../../../electron/core/store/photo-store.js';
import { createPhotoProtocolHandler, parsePhotoUrl } from '../../../electron/main/photo-protocol.js';
import { PhotoAssets } from '../../../electron/service/photo-assets.js';
import { writeNoisePhoto } from '../../helpers/simple-photos.js';

function fields(file: string, folder: string, size: number): PhotoFields {
  return {
    path: file,
    folder,
    size,
    mtimeMs: 1,
    contentHash: null,
    status: 'indexed',
    skipReason: null,
    skipKind: null,
    format: 'jpeg',
    width: 320,
    height: 240,
    takenAt: null,
    takenAtSource: null,
    cameraMake: null,
    cameraModel: null,
    gpsLat: null,
    gpsLon: null,
  };
}

describe('photo:// protocol', () => {
  let tmp: string;
  let library: Library;
  let handler: (request: Request) => Promise<Response>;
  let cacheDir: string;
  const ids: Record<'inside' | 'outside' | 'symlinkOut', number> = { inside: 0, outside: 0, symlinkOut: 0 };

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-photo-proto-'));
    const photos = path.join(tmp, 'Photos');
    const secret = path.join(tmp, 'Private');
    await writeNoisePhoto(path.join(photos, 'beach.jpg'), 3);
    await writeNoisePhoto(path.join(secret, 'secret.jpg'), 4);
    await fs.symlink(path.join(secret, 'secret.jpg'), path.join(photos, 'link.jpg'));
    library = openLibrary(path.join(tmp, 'lib', 'library.db'));
    const store = new PhotoStore(library.db);
    const folders = new FolderStore(library.db);
    folders.add(photos);
    ids.inside = store.insert(fields(path.join(photos, 'beach.jpg'), photos, 1));
    // A row pointing outside every library folder (stale or tampered): must never be served.
    ids.outside = store.insert(fields(path.join(secret, 'secret.jpg'), secret, 1));
    // Inside the folder by name, outside by its real path.
    ids.symlinkOut = store.insert(fields(path.join(photos, 'link.jpg'), photos, 1));
    cacheDir = path.join(tmp, 'lib', 'cache');
    const assets = new PhotoAssets(cacheDir, { getPhoto: (id) => store.get(id), folders: () => folders.list().map((f) => f.path) });
    // What the worker does for 'asset:resolve'.
    handler = createPhotoProtocolHandler({ cacheDir, resolveAsset: (kind: PhotoAssetKind, id: number) => assets.resolve(kind, id) });
  });

  afterAll(async () => {
    library.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const get = (url: string) => handler(new Request(url));

  it('serves a library photo thumbnail as WebP', async () => {
    const res = await get(`photo://thumb/${ids.inside}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(320);
  });

  it.each(['preview', 'full'])('serves a %s too', async (kind) => {
    const res = await get(`photo://${kind}/${ids.inside}`);
    expect(res.status).toBe(200);
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).format).toBe('webp');
  });

  it('refuses a photo whose path lies outside the library folders', async () => {
    expect((await get(`photo://thumb/${ids.outside}`)).status).toBe(404);
  });

  it('refuses a symlink inside a library folder that points outside it', async () => {
    expect((await get(`photo://thumb/${ids.symlinkOut}`)).status).toBe(404);
  });

  it('answers 404 for an id the library does not know', async () => {
    expect((await get('photo://thumb/999999')).status).toBe(404);
  });

  it.each([
    'photo://thumb/../../etc/passwd',
    'photo://thumb/..%2F..%2Fetc%2Fpasswd',
    'photo://thumb/%2e%2e/%2e%2e/etc/passwd',
    'photo://thumb/1%2F..%2F2',
    'photo://thumb/%31',
    'photo://thumb/1/../2',
    'photo://thumb/1/',
    'photo://thumb/1?x=1',
    'photo://thumb/1#a',
    'photo://thumb//etc/passwd',
    'photo://thumb/abc',
    'photo://thumb/0',
    'photo://thumb/-1',
    'photo://thumb/1.5',
    'photo://thumb/1e3',
    'photo://thumb/0x10',
    'photo://thumb/99999999999999999999',
    'photo://thumb/',
    'photo://original/1',
    'photo://..//1',
    'photo://thumb\\1',
    'photo://user@thumb/1',
    'photo://thumb:80/1',
    'file:///etc/passwd',
  ])('refuses %s', async (url) => {
    // The raw string never parses...
    expect(parsePhotoUrl(url)).toBeNull();
    // ...and what reaches the handler (the URL as the browser normalises it, e.g. 1/../2 -> 2) is
    // never served here and only ever looked up as (kind, integer id), never as a path.
    let request: Request;
    try {
      request = new Request(url);
    } catch {
      return; // not even a URL a page could request
    }
    const lookups: unknown[][] = [];
    const spying = createPhotoProtocolHandler({
      cacheDir,
      resolveAsset: async (...args) => {
        lookups.push(args);
        return null;
      },
    });
    expect((await spying(request)).status).toBeGreaterThanOrEqual(400);
    for (const [kind, id] of lookups) {
      expect(['thumb', 'preview']).toContain(kind);
      expect(Number.isSafeInteger(id)).toBe(true);
    }
  });

  it('refuses a file outside the asset cache even if the worker names one', async () => {
    const lying = createPhotoProtocolHandler({
      cacheDir,
      resolveAsset: async () => ({ file: path.join(tmp, 'Private', 'secret.jpg'), mime: 'image/webp' }),
    });
    expect((await lying(new Request(`photo://thumb/${ids.inside}`))).status).toBe(404);
  });

  it('refuses writes', async () => {
    expect((await handler(new Request(`photo://thumb/${ids.inside}`, { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
