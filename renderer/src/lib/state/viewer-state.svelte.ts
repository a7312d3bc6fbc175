/**
 * The photo viewer: which photo is open, out of which list (library grid or search results), so
 * previous/next walk the same order the user sees.
 */
import type { PhotoDto } from '../../../../electron/contract/dto.js';
import { api } from '../api.js';

export interface PhotoSequence {
  count: () => number;
  at: (index: number) => Promise<PhotoDto | null>;
}

export class ViewerState {
  photo = $state.raw<PhotoDto | null>(null);
  index = $state(0);
  count = $state(0);
  open = $derived(this.photo !== null);

  private sequence: PhotoSequence | null = null;
  private request = 0;

  show = (sequence: PhotoSequence, index: number, photo: PhotoDto): void => {
    this.sequence = sequence;
    this.index = index;
    this.count = sequence.count();
    this.photo = photo;
    void this.prefetch(index + 1);
  };

  next = (): Promise<void> => this.go(this.index + 1);
  previous = (): Promise<void> => this.go(this.index - 1);
  /** Home / End: the first and the last photo of the list. */
  first = (): Promise<void> => this.go(0);
  last = (): Promise<void> => this.go((this.sequence?.count() ?? this.count) - 1);

  close = (): void => {
    this.request++;
    this.photo = null;
    this.sequence = null;
  };

  private go = async (index: number): Promise<void> => {
    const sequence = this.sequence;
    if (!sequence) return;
    this.count = sequence.count();
    if (index < 0 || index >= this.count || index === this.index) return;
    const request = ++this.request;
    const photo = await sequence.at(index);
    if (request !== this.request || !photo) return;
    const step = index > this.index ? 1 : -1;
    this.index = index;
    this.photo = photo;
    void this.prefetch(index + step);
  };

  /** Warms the browser cache with the neighbour's preview, so next/previous shows at once. */
  private prefetch = async (index: number): Promise<void> => {
    const sequence = this.sequence;
    if (!sequence || index < 0 || index >= this.count) return;
    const photo = await sequence.at(index).catch(() => null);
    if (photo && sequence === this.sequence) new Image().src = api.photoUrl('preview', photo.id);
  };
}
