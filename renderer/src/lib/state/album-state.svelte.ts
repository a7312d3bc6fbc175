/**
 * Albums in the renderer: the sidebar list with counts, the open album (its photos re-sorted after
 * every correction), the selection and keyboard focus in its grid, corrections with an undo stack,
 * the "Why?" answer, and the categorize view. A reply to an older request is dropped; an
 * `albumsChanged` event (this window or another) re-reads what is shown.
 */
/* eslint-disable svelte/prefer-svelte-reactivity -- `selection` is a $state.raw Set replaced whole on every change, never mutated in place (as library-state's pages) */
import type {
  AlbumLabelChangeDto,
  AlbumLabelDto,
  AlbumSummaryDto,
  AlbumViewDto,
  AlbumWhyDto,
  CategorizeResultDto,
} from '../../../../electron/contract/album-dto.js';
import { api, errorMessage } from '../api.js';

export type AlbumMode = 'none' | 'album' | 'categorize';

/** Photos one album page holds; "Show more" asks for the next. */
export const ALBUM_PAGE = 200;
/** Photos each categorize column shows (its count is always complete). */
export const COLUMN_PHOTOS = 40;

export interface Correction {
  albumId: number;
  /** What undoes it: the labels the photos had before. */
  undo: AlbumLabelChangeDto[];
  /** "2 photos rejected from Red things". */
  text: string;
}

function labelWord(label: AlbumLabelDto, n: number): string {
  const photos = `${n} photo${n === 1 ? '' : 's'}`;
  if (label === 'accepted') return `${photos} accepted into`;
  if (label === 'rejected') return `${photos} rejected from`;
  return `${photos} given back to`;
}

export class AlbumState {
  albums = $state.raw<AlbumSummaryDto[]>([]);
  mode = $state<AlbumMode>('none');
  selectedId = $state<number | null>(null);
  view = $state.raw<AlbumViewDto | null>(null);
  /** Every photo of the library, members first (to find what the album misses). */
  showAll = $state(false);
  limit = $state(ALBUM_PAGE);
  loading = $state(false);
  error = $state<string | null>(null);

  /** Photo ids selected in the open album. */
  selection = $state.raw<ReadonlySet<number>>(new Set());
  /** Index of the focused tile in view.photos (keyboard). */
  focus = $state(0);
  /** Where a shift-click or shift-arrow range starts. */
  private anchor = 0;
  corrections = $state.raw<Correction[]>([]);
  /** What the last correction or undo did, in words (a status line). */
  lastAction = $state<string | null>(null);
  busy = $state(false);

  why = $state.raw<{ photoId: number; answer: AlbumWhyDto | null; error: string | null } | null>(null);

  categorized = $state.raw<CategorizeResultDto | null>(null);
  /** Albums categorize sorts into; empty: all. */
  categorizeIds = $state.raw<number[]>([]);

  selected = $derived(this.albums.find((a) => a.id === this.selectedId) ?? null);

  private sequence = 0;

  refreshList = async (): Promise<void> => {
    try {
      this.albums = await api.listAlbums();
      if (this.selectedId !== null && !this.albums.some((a) => a.id === this.selectedId)) this.leave();
    } catch (err) {
      this.error = errorMessage(err);
    }
  };

  open = (id: number): void => {
    if (this.selectedId !== id) {
      this.selection = new Set();
      this.focus = 0;
      this.anchor = 0;
      this.showAll = false;
      this.limit = ALBUM_PAGE;
      this.view = null;
      this.why = null;
    }
    this.selectedId = id;
    this.mode = 'album';
    void this.refreshView();
  };

  /** Back to the library grid. */
  leave = (): void => {
    this.mode = 'none';
    this.selectedId = null;
    this.view = null;
    this.why = null;
    this.selection = new Set();
    this.categorized = null;
  };

  refreshView = async (): Promise<void> => {
    const id = this.selectedId;
    if (id === null) return;
    const seq = ++this.sequence;
    this.loading = true;
    try {
      const view = await api.getAlbum({ id, limit: this.limit, all: this.showAll });
      if (seq !== this.sequence) return;
      this.view = view;
      this.error = null;
      this.focus = Math.min(this.focus, Math.max(0, view.photos.length - 1));
      const shown = new Set(view.photos.map((p) => p.photo.id));
      if ([...this.selection].some((pid) => !shown.has(pid))) this.selection = new Set([...this.selection].filter((pid) => shown.has(pid)));
    } catch (err) {
      if (seq === this.sequence) this.error = errorMessage(err);
    } finally {
      if (seq === this.sequence) this.loading = false;
    }
  };

  toggleShowAll = (): void => {
    this.showAll = !this.showAll;
    this.limit = ALBUM_PAGE;
    void this.refreshView();
  };

  showMore = (): void => {
    this.limit += ALBUM_PAGE;
    void this.refreshView();
  };

  /** Click / keyboard selection: plain = only this one, toggle = add or remove, range = from the anchor. */
  select = (index: number, how: 'only' | 'toggle' | 'range' = 'only'): void => {
    const photos = this.view?.photos ?? [];
    const id = photos[index]?.photo.id;
    if (id === undefined) return;
    this.focus = index;
    if (how === 'range') {
      const [a, b] = this.anchor <= index ? [this.anchor, index] : [index, this.anchor];
      this.selection = new Set(photos.slice(a, b + 1).map((p) => p.photo.id));
      return;
    }
    this.anchor = index;
    if (how === 'toggle') {
      const next = new Set(this.selection);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      this.selection = next;
    } else {
      this.selection = new Set([id]);
    }
  };

  selectAll = (): void => {
    this.selection = new Set((this.view?.photos ?? []).map((p) => p.photo.id));
  };

  clearSelection = (): void => {
    this.selection = new Set();
  };

  /** Moves the keyboard focus; with `extend`, the selection follows as a range. */
  moveFocus = (to: number, extend = false): void => {
    const n = this.view?.photos.length ?? 0;
    if (n === 0) return;
    const index = Math.max(0, Math.min(n - 1, to));
    if (extend) {
      this.select(index, 'range');
    } else {
      // A plain move starts any later Shift range from here (listbox convention).
      this.focus = index;
      this.anchor = index;
    }
  };

  /** What a correction acts on: the selection, else the focused photo. */
  targets = (): number[] => {
    if (this.selection.size > 0) return [...this.selection];
    const id = this.view?.photos[this.focus]?.photo.id;
    return id === undefined ? [] : [id];
  };

  /** Accept / reject / clear the targets; the album re-sorts at once and the step can be undone. */
  label = async (label: AlbumLabelDto, photoIds: number[] = this.targets()): Promise<void> => {
    const album = this.selected;
    if (!album || photoIds.length === 0 || this.busy) return;
    this.busy = true;
    try {
      const result = await api.labelAlbumPhotos({ albumId: album.id, changes: photoIds.map((photoId) => ({ photoId, label })) });
      const text = `${labelWord(label, photoIds.length)} ${result.album.name}`;
      this.corrections = [...this.corrections, { albumId: album.id, undo: result.previous, text }];
      this.lastAction = text;
      this.replaceSummary(result.album);
      this.selection = new Set();
      await this.refreshView();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  };

  undo = async (): Promise<void> => {
    const last = this.corrections[this.corrections.length - 1];
    if (!last || this.busy) return;
    this.busy = true;
    try {
      const result = await api.labelAlbumPhotos({ albumId: last.albumId, changes: last.undo });
      this.corrections = this.corrections.slice(0, -1);
      this.lastAction = `Undone: ${last.text}`;
      this.replaceSummary(result.album);
      if (last.albumId === this.selectedId) await this.refreshView();
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  };

  explain = async (photoId: number): Promise<void> => {
    const album = this.selected;
    if (!album) return;
    this.why = { photoId, answer: null, error: null };
    try {
      const answer = await api.explainAlbumPhoto(album.id, photoId);
      if (this.why?.photoId === photoId) this.why = { photoId, answer, error: null };
    } catch (err) {
      if (this.why?.photoId === photoId) this.why = { photoId, answer: null, error: errorMessage(err) };
    }
  };

  closeWhy = (): void => {
    this.why = null;
  };

  openCategorize = (albumIds: number[] = this.categorizeIds): void => {
    this.mode = 'categorize';
    this.selectedId = null;
    this.view = null;
    this.categorizeIds = albumIds;
    void this.refreshCategorize();
  };

  toggleCategorizeAlbum = (id: number): void => {
    const ids = this.categorizeIds.includes(id) ? this.categorizeIds.filter((x) => x !== id) : [...this.categorizeIds, id];
    this.openCategorize(ids);
  };

  refreshCategorize = async (): Promise<void> => {
    const seq = ++this.sequence;
    this.loading = true;
    try {
      const result = await api.categorize({ albumIds: this.categorizeIds, limit: COLUMN_PHOTOS });
      if (seq !== this.sequence) return;
      this.categorized = result;
      this.error = null;
    } catch (err) {
      if (seq === this.sequence) this.error = errorMessage(err);
    } finally {
      if (seq === this.sequence) this.loading = false;
    }
  };

  remove = async (id: number): Promise<void> => {
    try {
      this.albums = await api.deleteAlbum(id);
      if (this.selectedId === id) this.leave();
    } catch (err) {
      this.error = errorMessage(err);
    }
  };

  rename = async (id: number, name: string): Promise<boolean> => {
    try {
      this.replaceSummary(await api.updateAlbum({ id, name }));
      return true;
    } catch (err) {
      this.error = errorMessage(err);
      return false;
    }
  };

  /** Something changed (an event): re-read the list and whatever is on screen. */
  changed = (): void => {
    void this.refreshList();
    if (this.mode === 'album') void this.refreshView();
    if (this.mode === 'categorize') void this.refreshCategorize();
  };

  dismissError = (): void => {
    this.error = null;
  };

  private replaceSummary(summary: AlbumSummaryDto): void {
    this.albums = this.albums.some((a) => a.id === summary.id) ? this.albums.map((a) => (a.id === summary.id ? summary : a)) : [...this.albums, summary];
  }
}
