/**
 * The "Duplicates" view: whether it is open, and the groups listDuplicates answers (byte copies
 * and near-identical photos, best copy first). Loaded when opened and again when the library
 * changes while it is open; the engine caches the work until the library changes.
 */
import type { DuplicatesDto } from '../../../../electron/contract/library-dto.js';
import { api, errorMessage } from '../api.js';

export class DuplicatesState {
  open = $state(false);
  result = $state.raw<DuplicatesDto | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  private sequence = 0;

  show = (): void => {
    this.open = true;
    void this.load();
  };

  close = (): void => {
    this.open = false;
  };

  /** The library changed: re-read while shown, else on the next show. */
  changed = (): void => {
    if (this.open) void this.load();
  };

  load = async (): Promise<void> => {
    const seq = ++this.sequence;
    this.loading = true;
    try {
      const result = await api.listDuplicates();
      if (seq !== this.sequence) return;
      this.result = result;
      this.error = null;
    } catch (err) {
      if (seq === this.sequence) this.error = errorMessage(err);
    } finally {
      if (seq === this.sequence) this.loading = false;
    }
  };
}
