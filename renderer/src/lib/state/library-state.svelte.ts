/**
 * The library grid's data: folders with counts, the folder filter, and photo pages fetched lazily
 * (newest first, as listPhotos returns them). Pages live in a $state.raw Map that is replaced,
 * never mutated, so 100,000 photos cost no deep proxies (conventions.md rule 12).
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- `pages` is a $state.raw Map replaced whole on every change (a SvelteMap would proxy 100,000 photos); `loading` is bookkeeping nothing renders */
import type { FolderDto, PhotoDto } from '../../../../electron/contract/dto.js';
import { api, errorMessage } from '../api.js';

export const PAGE_SIZE = 200;

export class LibraryState {
  folders = $state.raw<FolderDto[]>([]);
  /** null: all folders. */
  folder = $state<string | null>(null);
  total = $state(0);
  /** True once the first page (and so the total) arrived. */
  ready = $state(false);
  pages = $state.raw<ReadonlyMap<number, PhotoDto[]>>(new Map());
  error = $state<string | null>(null);

  private loading = new Set<number>();
  private generation = 0;
  private wanted = { first: 0, last: 0 };

  photoAt = (index: number): PhotoDto | null => this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] ?? null;

  /** Makes sure the pages holding photos [start, end) are loaded or on their way. */
  ensureRange = (start: number, end: number): void => {
    const first = Math.max(0, Math.floor(start / PAGE_SIZE));
    const last = Math.max(first, Math.floor(Math.max(start, end - 1) / PAGE_SIZE));
    this.wanted = { first, last };
    for (let page = first; page <= last; page++) {
      if (!this.pages.has(page) && !this.loading.has(page)) void this.loadPage(page);
    }
  };

  /** The photo at `index`, fetching its page when needed (viewer's previous/next). */
  fetchPhotoAt = async (index: number): Promise<PhotoDto | null> => {
    if (index < 0 || (this.ready && index >= this.total)) return null;
    const cached = this.photoAt(index);
    if (cached) return cached;
    await this.loadPage(Math.floor(index / PAGE_SIZE));
    return this.photoAt(index);
  };

  selectFolder = (folder: string | null): void => {
    if (folder === this.folder) return;
    this.folder = folder;
    this.generation++;
    this.loading.clear();
    this.pages = new Map();
    this.ready = false;
    this.total = 0;
    this.ensureRange(0, PAGE_SIZE);
  };

  setFolders = (folders: FolderDto[]): void => {
    this.folders = folders;
    // A subfolder (from the tree) stays chosen while its library folder is kept.
    const folder = this.folder;
    const kept = (f: FolderDto): boolean => folder === f.path || folder?.startsWith(f.path + '/') === true || folder?.startsWith(f.path + '\\') === true;
    if (folder !== null && !folders.some(kept)) this.selectFolder(null);
  };

  /** Re-reads the pages in view after the library changed; the old ones stay on screen meanwhile. */
  refresh = async (): Promise<void> => {
    const generation = ++this.generation;
    this.loading.clear();
    const { first, last } = this.wanted;
    const numbers = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    try {
      const results = await Promise.all(numbers.map((page) => this.fetchPage(page)));
      if (generation !== this.generation) return;
      const next = new Map<number, PhotoDto[]>();
      results.forEach((result, i) => next.set(numbers[i] ?? 0, result.photos));
      this.total = results[0]?.total ?? 0;
      this.pages = next;
      this.ready = true;
      this.error = null;
    } catch (err) {
      if (generation === this.generation) this.error = errorMessage(err);
    }
  };

  private fetchPage = (page: number) => api.listPhotos({ offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...(this.folder !== null ? { folder: this.folder } : {}) });

  private loadPage = async (page: number): Promise<void> => {
    const generation = this.generation;
    this.loading.add(page);
    try {
      const result = await this.fetchPage(page);
      if (generation !== this.generation) return;
      const next = new Map(this.pages);
      next.set(page, result.photos);
      this.pages = next;
      this.total = result.total;
      this.ready = true;
      this.error = null;
    } catch (err) {
      if (generation === this.generation) this.error = errorMessage(err);
    } finally {
      if (generation === this.generation) this.loading.delete(page);
    }
  };
}
