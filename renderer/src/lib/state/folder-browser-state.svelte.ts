/**
 * The folder browser for hosts without a native picker (the browser host): which folder is shown,
 * its subfolders (asked of the engine's machine, where the photos are), and why one cannot be opened.
 */
import type { SubfolderListingDto } from '../../../../electron/contract/dto.js';
import { api, errorMessage } from '../api.js';

export class FolderBrowserState {
  listing = $state.raw<SubfolderListingDto | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);

  private request = 0;

  /** Shows a folder (null: the home folder). A failed open keeps the folder shown before. */
  show = async (path: string | null = null): Promise<void> => {
    const request = ++this.request;
    this.busy = true;
    try {
      const listing = await api.listSubfolders(path);
      if (request !== this.request) return;
      this.listing = listing;
      this.error = null;
    } catch (err) {
      if (request === this.request) this.error = errorMessage(err);
    } finally {
      if (request === this.request) this.busy = false;
    }
  };
}
