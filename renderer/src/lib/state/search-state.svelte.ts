/**
 * Search as you type: the query box, the filters, "more like this", and the last result with its
 * relevance cut-off. Typing is debounced (~250 ms); a reply to an older query is dropped.
 */
import type { PhotoDto, SearchQueryDto, SearchResultDto } from '../../../../electron/contract/dto.js';
import { api, errorCode, errorMessage } from '../api.js';
import { dateInputToWallClock } from '../format.js';

const TYPING_DELAY_MS = 250;
/** Results per page; "Show more" asks for another page (the host caps one answer at 1,000). */
export const PAGE_SIZE = 60;
const MAX_LIMIT = 1000;

/**
 * What to do about a failed search, by error code. A query the user can fix ("-people" alone)
 * gets no advice about the model (issue 13, defect 7): its message already says what to type.
 */
function hintFor(code: string | null): string | null {
  if (code === 'INVALID_ARGUMENT') return null;
  if (code !== null && (code.startsWith('MODEL_') || code === 'PROVIDER_FAILED')) return 'Check the model in the sidebar.';
  return 'Try again in a moment.';
}

export class SearchState {
  text = $state('');
  /** "More like this": the photo the results are similar to. */
  similarTo = $state.raw<PhotoDto | null>(null);
  folder = $state('');
  /** Date inputs' values, "YYYY-MM-DD" or "". */
  from = $state('');
  to = $state('');
  showWeak = $state(false);
  /** How many results to ask for: grows with "Show more", back to one page for a new query. */
  limit = $state(PAGE_SIZE);

  result = $state.raw<SearchResultDto | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  /** Advice under the error, or null when the message says it all. */
  errorHint = $state<string | null>(null);

  active = $derived(this.text.trim() !== '' || this.similarTo !== null);
  hasFilters = $derived(this.folder !== '' || this.from !== '' || this.to !== '');

  private timer: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;

  setText = (text: string): void => {
    this.text = text;
    this.limit = PAGE_SIZE;
    this.similarTo = null;
    this.schedule(TYPING_DELAY_MS);
  };

  setFolder = (folder: string): void => {
    this.folder = folder;
    this.schedule(0);
  };

  setDates = (from: string, to: string): void => {
    this.from = from;
    this.to = to;
    this.schedule(0);
  };

  toggleWeak = (): void => {
    this.showWeak = !this.showWeak;
    this.limit = PAGE_SIZE;
    this.schedule(0);
  };

  /** The page is full and more may exist: ask for the next page as well. */
  canShowMore = $derived(this.result !== null && this.result.hits.length >= this.limit && this.limit < MAX_LIMIT);

  showMore = (): void => {
    this.limit = Math.min(MAX_LIMIT, this.limit + PAGE_SIZE);
    this.schedule(0);
  };

  moreLike = (photo: PhotoDto): void => {
    this.similarTo = photo;
    this.limit = PAGE_SIZE;
    this.text = '';
    this.schedule(0);
  };

  clearFilters = (): void => {
    this.folder = '';
    this.from = '';
    this.to = '';
    this.schedule(0);
  };

  clear = (): void => {
    clearTimeout(this.timer);
    this.sequence++;
    this.text = '';
    this.similarTo = null;
    this.showWeak = false;
    this.result = null;
    this.error = null;
    this.busy = false;
  };

  /** Runs the current query again (after the library changed). */
  rerun = (): void => {
    if (this.active) this.schedule(0);
  };

  private query = (): SearchQueryDto => {
    const query: SearchQueryDto = { showWeak: this.showWeak };
    if (this.limit !== PAGE_SIZE) query.limit = this.limit;
    if (this.similarTo) query.similarTo = this.similarTo.id;
    else query.text = this.text.trim();
    if (this.folder) query.folder = this.folder;
    const after = dateInputToWallClock(this.from);
    const before = dateInputToWallClock(this.to, true);
    if (after !== undefined) query.after = after;
    if (before !== undefined) query.before = before;
    return query;
  };

  private schedule = (delay: number): void => {
    clearTimeout(this.timer);
    if (!this.active) {
      this.sequence++;
      this.result = null;
      this.error = null;
      this.busy = false;
      return;
    }
    this.busy = true;
    this.timer = setTimeout(() => void this.run(), delay);
  };

  private run = async (): Promise<void> => {
    const sequence = ++this.sequence;
    try {
      const result = await api.search(this.query());
      if (sequence !== this.sequence) return;
      this.result = result;
      this.error = null;
    } catch (err) {
      if (sequence !== this.sequence) return;
      this.result = null;
      this.error = errorMessage(err);
      this.errorHint = hintFor(errorCode(err));
    } finally {
      if (sequence === this.sequence) this.busy = false;
    }
  };
}
