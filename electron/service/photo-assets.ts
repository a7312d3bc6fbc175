/**
 * Thumbnails (~320 px), viewer previews (~1600 px) and full-resolution renditions (the viewer's 1:1
 * zoom, asked for only when the user zooms past the preview) of library photos, as WebP files in a
 * cache folder in app-data. Made lazily on first request; thumbnails also during indexing.
 *
 * Security: callers pass an id, never a path. The id must name an indexed photo whose real path
 * (symlinks resolved) lies inside one of the library's folders; anything else is refused. So no
 * URL can reach an arbitrary file (no ../ tricks, encoded slashes or symlink escapes).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PhotoAssetKind } from '../contract/api.js';
import { openImage } from '../core/image/open-image.js';
import { makeThumbnail } from '../core/image/thumbnail.js';
import { realPathInFolders } from '../core/scan/library-path.js';
import type { PhotoRecord } from '../core/store/photo-record.js';

/**
 * Long side and pixel budget of each rendition. `full` keeps every pixel of a photo up to 50 MP
 * (a 48 MP phone photo is 8064x6048) and WebP's largest side (16383, libwebp's WEBP_MAX_DIMENSION);
 * a larger photo is scaled down to that budget, so one zoom never encodes a 200 MP WebP.
 */
export const ASSET_SIZES: Record<PhotoAssetKind, { maxSide: number; maxPixels: number; quality: number }> = {
  thumb: { maxSide: 320, maxPixels: 320 * 320, quality: 80 },
  preview: { maxSide: 1600, maxPixels: 1600 * 1600, quality: 80 },
  // Quality 90: at 1:1 the user looks at single pixels, where q80's smoothing shows.
  full: { maxSide: 16_383, maxPixels: 50_000_000, quality: 90 },
};

export interface PhotoAssetSource {
  getPhoto(id: number): PhotoRecord | undefined;
  folders(): string[];
}

export interface ResolvedAsset {
  file: string;
  mime: 'image/webp';
}

/** The long side to resize to so the rendition has at most `maxPixels` (never upscaled anyway). */
export function sideWithin(image: { width: number; height: number }, maxSide: number, maxPixels: number): number {
  const long = Math.max(image.width, image.height);
  const pixels = image.width * image.height;
  const scale = pixels > maxPixels ? Math.sqrt(maxPixels / pixels) : 1;
  return Math.max(1, Math.min(maxSide, Math.floor(long * scale)));
}

export class PhotoAssets {
  private readonly inflight = new Map<string, Promise<ResolvedAsset | null>>();
  private warmQueue: number[] = [];
  private warming = false;
  private warmed: Promise<void> = Promise.resolve();

  constructor(
    private readonly cacheDir: string,
    private readonly source: PhotoAssetSource,
  ) {}

  /** The library photo behind an id, if it may be served. */
  async allowedPhoto(id: number): Promise<PhotoRecord | null> {
    const photo = this.source.getPhoto(id);
    if (!photo || photo.status !== 'indexed') return null;
    return (await realPathInFolders(photo.path, this.source.folders())) === null ? null : photo;
  }

  resolve(kind: PhotoAssetKind, id: number): Promise<ResolvedAsset | null> {
    const key = `${kind}:${id}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.make(kind, id).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  /** Queue thumbnails to make in the background (one at a time, so indexing keeps the CPU). */
  warm(ids: readonly number[]): void {
    this.warmQueue.push(...ids);
    if (this.warming) return;
    this.warming = true;
    this.warmed = (async () => {
      while (this.warmQueue.length > 0) {
        const id = this.warmQueue.shift();
        if (id !== undefined) await this.resolve('thumb', id).catch(() => null);
      }
      this.warming = false;
    })();
  }

  /**
   * Drops the queued thumbnails and waits for the ones being made (shutdown): nothing writes into
   * the cache after the service closed, so its folder can be removed or the process can exit.
   */
  async stop(): Promise<void> {
    this.warmQueue = [];
    await this.warmed;
    await Promise.all([...this.inflight.values()].map((p) => p.catch(() => null)));
  }

  private async make(kind: PhotoAssetKind, id: number): Promise<ResolvedAsset | null> {
    const photo = await this.allowedPhoto(id);
    if (!photo) return null;
    const dir = path.join(this.cacheDir, kind, String(id % 256));
    // mtime and size in the name: an edited photo gets a new thumbnail, the stale one is never served.
    const file = path.join(dir, `${id}-${photo.mtimeMs}-${photo.size}.webp`);
    try {
      await fs.access(file);
      return { file, mime: 'image/webp' };
    } catch {
      // not cached yet
    }
    const image = await openImage(photo.path);
    const size = ASSET_SIZES[kind];
    const webp = await makeThumbnail(image, sideWithin(image, size.maxSide, size.maxPixels), size.quality);
    await fs.mkdir(dir, { recursive: true });
    // Write then rename, so a crash never leaves a half thumbnail that would be served later.
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, webp);
    await fs.rename(tmp, file);
    return { file, mime: 'image/webp' };
  }
}
