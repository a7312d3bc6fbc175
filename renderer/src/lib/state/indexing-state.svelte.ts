/** Indexing progress as the engine reports it (getIndexState + onIndexProgress), and its actions. */
import type { IndexStateDto } from '../../../../electron/contract/dto.js';
import { api } from '../api.js';

const IDLE: IndexStateDto = {
  phase: 'idle', running: false, paused: false, found: 0, total: 0, processed: 0,
  imagesPerSecond: 0, etaSeconds: null, currentPath: null, skipped: [], lastRun: null, error: null,
};

export class IndexingState {
  state = $state.raw<IndexStateDto>(IDLE);
  busy = $state(false);

  /** Share of the run done, 0..1; null while the total is still unknown (scanning). */
  fraction = $derived(this.state.total > 0 ? Math.min(1, this.state.processed / this.state.total) : null);

  constructor(private readonly onError: (err: unknown) => void) {}

  set = (state: IndexStateDto): void => {
    this.state = state;
  };

  refresh = async (): Promise<void> => {
    try {
      this.state = await api.getIndexState();
    } catch (err) {
      this.onError(err);
    }
  };

  pause = (): Promise<void> => this.act(() => api.pauseIndexing());
  resume = (): Promise<void> => this.act(() => api.resumeIndexing());
  start = (): Promise<void> => this.act(() => api.startIndexing());

  private act = async (action: () => Promise<IndexStateDto>): Promise<void> => {
    this.busy = true;
    try {
      this.state = await action();
    } catch (err) {
      this.onError(err);
    } finally {
      this.busy = false;
    }
  };
}
