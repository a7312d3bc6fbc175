/**
 * "Export to folder…": albums (or categorize's single-album sort) written into folders. The
 * dialog's choices (target, mode, XMP), the dry run, the job in progress (sortProgress events),
 * its outcome with Undo, and the history of past exports. Writing happens only on "Export", after
 * a dry run of the same choices; any change of a choice drops the old dry run.
 */
import type { SortJobDto, SortModeDto, SortPlanDto, SortRequestDto, SortRunDto } from '../../../../electron/contract/sort-dto.js';
import { api, errorMessage } from '../api.js';

export interface SortSource {
  /** Albums to export (empty: every album). */
  albumIds: number[];
  categorize: boolean;
  /** "Red things", "3 albums" — what the dialog says it exports. */
  title: string;
}

export class SortState {
  open = $state(false);
  source = $state.raw<SortSource>({ albumIds: [], categorize: false, title: '' });
  into = $state('');
  mode = $state<SortModeDto>('copy');
  xmp = $state(true);
  unsorted = $state(false);

  plan = $state.raw<SortPlanDto | null>(null);
  planning = $state(false);
  error = $state<string | null>(null);
  job = $state.raw<SortJobDto | null>(null);

  historyOpen = $state(false);
  runs = $state.raw<SortRunDto[]>([]);

  running = $derived(this.job?.running === true);
  canApply = $derived(this.plan !== null && this.plan.refusals.length === 0 && this.plan.files > 0 && !this.running);

  private sequence = 0;

  show = (source: SortSource): void => {
    this.source = source;
    this.open = true;
    this.plan = null;
    this.error = null;
    if (!this.running) this.job = null;
  };

  close = (): void => {
    this.open = false;
    this.sequence++;
  };

  /** A choice changed: the dry run no longer describes what Export would do. */
  changed = (): void => {
    this.sequence++;
    this.plan = null;
    this.error = null;
    if (this.mode === 'move') this.xmp = false;
  };

  request = (): SortRequestDto => ({
    into: this.into.trim(),
    albumIds: this.source.albumIds,
    categorize: this.source.categorize,
    unsorted: this.source.categorize && this.unsorted,
    mode: this.mode,
    xmp: this.mode !== 'move' && this.xmp,
  });

  preview = async (): Promise<void> => {
    if (this.into.trim() === '') {
      this.error = 'Choose the folder to export into.';
      return;
    }
    const seq = ++this.sequence;
    this.planning = true;
    this.error = null;
    try {
      const plan = await api.planSort(this.request());
      if (seq === this.sequence) this.plan = plan;
    } catch (err) {
      if (seq === this.sequence) this.error = errorMessage(err);
    } finally {
      if (seq === this.sequence) this.planning = false;
    }
  };

  apply = async (): Promise<void> => {
    if (!this.canApply) return;
    this.error = null;
    try {
      this.job = await api.startSort(this.request());
    } catch (err) {
      this.error = errorMessage(err);
    }
  };

  undo = async (run: number): Promise<void> => {
    this.error = null;
    try {
      this.job = await api.startSortUndo(run);
    } catch (err) {
      this.error = errorMessage(err);
    }
  };

  cancel = async (): Promise<void> => {
    try {
      await api.cancelSort();
    } catch (err) {
      this.error = errorMessage(err);
    }
  };

  /** From the sortProgress event (this window's job or another's). */
  progress = (job: SortJobDto): void => {
    this.job = job;
    if (!job.running) void this.refreshHistory();
  };

  showHistory = (): void => {
    this.historyOpen = true;
    void this.refreshHistory();
  };

  closeHistory = (): void => {
    this.historyOpen = false;
  };

  refreshHistory = async (): Promise<void> => {
    try {
      this.runs = await api.listSortRuns();
    } catch (err) {
      this.error = errorMessage(err);
    }
  };
}
