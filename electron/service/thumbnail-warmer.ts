/**
 * Makes thumbnails of newly indexed photos in the background while indexing goes on, so the grid
 * fills with pictures rather than placeholders. Heuristic: after each committed batch, queue the
 * newest photos of the date-sorted grid that were indexed since the last call (the first page is
 * what the user sees while indexing). Photos elsewhere get theirs lazily on screen.
 */
import type { PhotoStore } from '../core/store/photo-store.js';
import type { PhotoAssets } from './photo-assets.js';

const WARM_PAGE = 64;

export class ThumbnailWarmer {
  private lastWarmed = 0;

  constructor(
    private readonly assets: Pick<PhotoAssets, 'warm'>,
    private readonly photos: Pick<PhotoStore, 'page'>,
  ) {}

  /** Call when a batch of photos was committed. */
  photosAdded(): void {
    const page = this.photos.page(0, WARM_PAGE);
    const fresh = page.photos.filter((p) => p.indexedAt > this.lastWarmed).map((p) => p.id);
    this.lastWarmed = Date.now();
    this.assets.warm(fresh);
  }
}
