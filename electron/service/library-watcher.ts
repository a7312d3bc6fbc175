/**
 * Keeps the library in step with its folders while a host runs (the Electron app, the browser
 * host; one-shot CLI commands do not watch): changes under a library folder start one incremental
 * index run after a quiet moment (several batches during a run coalesce into one more run: the
 * controller's `again`). Folders added or removed are followed through `libraryChanged`; a folder
 * that is not there (unplugged drive) is not watched, and is checked for every `rootCheckMs`, so
 * a drive plugged back in is indexed again. Closing stops every watch and timer.
 */
import fs from 'node:fs';
import { isCandidateImagePath } from '../core/image/supported-formats.js';
import { FolderWatcher, type FolderWatcherOptions } from '../core/scan/folder-watcher.js';
import type { IndexController } from './index-controller.js';
import type { ServiceContext } from './service-context.js';

export type LibraryWatchOptions = Pick<FolderWatcherOptions, 'quietMs' | 'maxWaitMs' | 'stableMs' | 'maxPending'> & {
  /** How often folders that are not on disk are looked for (default 10 s). */
  rootCheckMs?: number;
};

export class LibraryWatcher {
  private readonly watcher: FolderWatcher;
  private readonly offLibrary: () => void;
  private readonly rootTimer: NodeJS.Timeout;
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly controller: IndexController,
    options: LibraryWatchOptions = {},
  ) {
    this.watcher = new FolderWatcher({
      ...options,
      acceptFile: isCandidateImagePath,
      logger: ctx.logger,
      onChanges: (batch) => {
        ctx.logger.info('folders changed', { paths: batch.paths.length, overflowed: batch.overflowed });
        this.reindex();
        // A library folder itself may have gone (or come back): watch what is there now.
        this.sync();
      },
    });
    this.offLibrary = ctx.events.on('libraryChanged', ({ reason }) => {
      if (reason === 'folders') this.sync();
    });
    this.rootTimer = setInterval(() => this.checkRoots(), options.rootCheckMs ?? 10_000);
    this.rootTimer.unref();
    this.sync();
  }

  /** Resolves once the folders present now are watched (tests wait for it before touching files). */
  ready(): Promise<void> {
    return this.syncing;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.rootTimer);
    this.offLibrary();
    await this.syncing;
    await this.watcher.close();
  }

  private present(): string[] {
    return this.ctx.core.library.folders.list().map((f) => f.path).filter((p) => fs.existsSync(p));
  }

  private sync(): void {
    if (this.closed) return;
    this.syncing = this.syncing.then(() => this.watcher.watch(this.present())).catch((err: unknown) => {
      this.ctx.logger.warn('could not watch the library folders', { error: String(err) });
    });
  }

  private checkRoots(): void {
    const watched = new Set(this.watcher.roots);
    const back = this.present().filter((p) => !watched.has(p));
    if (back.length === 0) return;
    this.sync();
    this.reindex();
  }

  private reindex(): void {
    const { core } = this.ctx;
    if (this.closed || (!core.modelDir && !core.pendingModelDir)) return;
    // A run the user paused stays paused; Resume (or Rescan) picks the changes up.
    if (this.controller.getState().paused) return;
    this.controller.start();
  }
}
