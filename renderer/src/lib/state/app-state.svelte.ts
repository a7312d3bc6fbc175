/**
 * The root of the renderer's state: host capabilities, library status, the notices shown above
 * everything, and the child states. `connect()` loads the first data and subscribes to events.
 */
import type { HostCapabilitiesDto, LibraryStatusDto } from '../../../../electron/contract/dto.js';
import { api, errorMessage } from '../api.js';
import { AlbumDraftState } from './album-draft-state.svelte.js';
import { AlbumState } from './album-state.svelte.js';
import { DuplicatesState } from './duplicates-state.svelte.js';
import { FolderTreeState } from './folder-tree-state.svelte.js';
import { IndexingState } from './indexing-state.svelte.js';
import { LibraryState } from './library-state.svelte.js';
import { ModelManagerState } from './model-manager-state.svelte.js';
import { SearchState } from './search-state.svelte.js';
import { SortState } from './sort-state.svelte.js';
import { SetupState } from './setup-state.svelte.js';
import { ViewerState } from './viewer-state.svelte.js';

/** While indexing, the grid re-reads the pages in view at most this often (new photos appear). */
const LIVE_REFRESH_MS = 3000;

export class AppState {
  capabilities = $state.raw<HostCapabilitiesDto>({ host: 'browser', pickFolder: false, shellActions: false });
  status = $state.raw<LibraryStatusDto | null>(null);
  /** The first load failed: nothing else can be shown. */
  loadError = $state<string | null>(null);
  /** The last action that failed, until dismissed. */
  error = $state<string | null>(null);
  /** onWorkerRestarted fired: the reason, until dismissed. */
  restartReason = $state<string | null>(null);

  readonly library = new LibraryState();
  readonly indexing = new IndexingState((err) => this.report(err));
  readonly search = new SearchState();
  readonly viewer = new ViewerState();
  readonly albums = new AlbumState();
  readonly sort = new SortState();
  readonly folderTree = new FolderTreeState(() => this.status?.indexed ?? 0);
  readonly duplicates = new DuplicatesState();
  readonly albumDraft = new AlbumDraftState((album) => {
    void this.albums.refreshList();
    this.search.clear();
    this.albums.open(album.id);
  });
  readonly setup = new SetupState(
    (folders) => {
      this.library.setFolders(folders);
      void this.refreshStatus();
    },
    (status) => this.applyStatus(status),
  );
  readonly models = new ModelManagerState(
    (status) => this.applyStatus(status),
    () => this.setup.device,
  );

  needsSetup = $derived(this.status !== null && (this.status.folders.length === 0 || this.status.model === null));

  private lastLiveRefresh = 0;

  connect = (): (() => void) => {
    const unsubscribe = [
      api.onIndexProgress((state) => {
        const before = this.indexing.state.processed;
        const wasRunning = this.indexing.state.running;
        this.indexing.set(state);
        // New photos are scored by every album with no action: re-read the counts when a run ends.
        if (wasRunning && !state.running) {
          this.albums.changed();
          // The Models page counts each model's vectors in this library.
          if (this.models.open) void this.models.load();
        }
        const now = Date.now();
        if (state.processed > before && now - this.lastLiveRefresh > LIVE_REFRESH_MS) {
          this.lastLiveRefresh = now;
          void this.refreshLibrary();
        }
      }),
      api.onLibraryChanged(() => {
        void this.refreshStatus();
        void this.folderTree.load();
        this.duplicates.changed();
        void this.library.refresh();
        this.search.rerun();
        this.albums.changed();
        // A model switch that finished changes which model is active.
        if (this.models.open) void this.models.load();
      }),
      api.onAlbumsChanged(() => this.albums.changed()),
      api.onSortProgress((job) => this.sort.progress(job)),
      api.onModelDownloadProgress((job) => this.models.progress(job)),
      api.onWorkerRestarted((info) => {
        this.restartReason = info.reason || 'unknown';
        void this.refreshStatus();
        void this.indexing.refresh();
      }),
    ];
    void this.load();
    return () => unsubscribe.forEach((off) => off());
  };

  refreshStatus = async (): Promise<void> => {
    try {
      this.applyStatus(await api.getStatus());
    } catch (err) {
      this.report(err);
    }
  };

  /** Forgets a folder and its photos after asking; the files on disk are never touched. */
  removeFolder = async (path: string): Promise<void> => {
    if (!window.confirm(`Remove ${path} from the library?\n\nThe photos stay on disk; only Recollect forgets them.`)) return;
    try {
      this.library.setFolders(await api.removeFolder(path));
      await Promise.all([this.refreshStatus(), this.library.refresh(), this.folderTree.load()]);
    } catch (err) {
      this.report(err);
    }
  };

  report = (err: unknown): void => {
    this.error = errorMessage(err);
  };

  dismissError = (): void => {
    this.error = null;
  };

  dismissRestart = (): void => {
    this.restartReason = null;
  };

  private load = async (): Promise<void> => {
    try {
      const [capabilities, status] = await Promise.all([api.getCapabilities(), api.getStatus()]);
      this.capabilities = capabilities;
      this.applyStatus(status);
      this.loadError = null;
      this.library.ensureRange(0, 1);
      void this.folderTree.load();
      void this.albums.refreshList();
      // The first-run screen offers the catalog's recommended model; the Models page re-reads on open.
      if (this.needsSetup) void this.models.load();
    } catch (err) {
      this.loadError = errorMessage(err);
    }
  };

  private refreshLibrary = async (): Promise<void> => {
    await Promise.all([this.library.refresh(), this.refreshStatus(), this.folderTree.load()]);
  };

  private applyStatus = (status: LibraryStatusDto): void => {
    this.status = status;
    this.library.setFolders(status.folders);
    this.indexing.set(status.index);
    this.setup.prefill(status);
  };
}
