/**
 * Thumbnails (~320 px) and viewer previews (~1600 px) of library photos, as WebP files in a cache
 * folder in app-data. Made lazily on first request, and in the background during indexing.
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

export const ASSET_SIZES: Record<PhotoAssetKind, number> = { thumb: 320, preview: 1600 };

export interface PhotoAssetSource {
  getPhoto(id: number): PhotoRecord | undefined;
  folders(): string[];
}

export interface ResolvedAsset {
  file: string;
  mime: 'image/webp';
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
    const webp = await makeThumbnail(image, ASSET_SIZES[kind]);
    await fs.mkdir(dir, { recursive: true });
    // Write then rename, so a crash never leaves a half thumbnail that would be served later.
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, webp);
    await fs.rename(tmp, file);
    return { file, mime: 'image/webp' };
  }
}
