/**
 * Watches library folders (chokidar 4: fs.watch / inotify underneath) and reports, after a quiet
 * moment, that something under them changed: new, changed, moved or deleted photos. It does not
 * decide what changed; the indexer's incremental run does (size + mtime, content hash for moves),
 * so a watcher that misses or doubles events cannot corrupt the library, and a vanished folder is
 * left to the indexer's guarantee (a root that is not there is not scanned; nothing is removed).
 * Bounded: one callback per quiet period (debounced, with a longest wait), at most `maxPending`
 * paths remembered (beyond that the batch only says "overflowed"), non-images and hidden files
 * ignored, and files reported only once their size stopped changing (a half-copied photo is not
 * indexed). Never imports a host.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';

export interface WatchBatch {
  /** Paths that changed (files and folders), in arrival order, at most `maxPending`. */
  paths: string[];
  /** More paths changed than were kept. */
  overflowed: boolean;
}

export interface FolderWatcherOptions {
  acceptFile: (filePath: string) => boolean;
  onChanges: (batch: WatchBatch) => void;
  /** No event for this long ends a batch (default 2 s). */
  quietMs?: number;
  /** A batch is reported at the latest this long after its first event, even while events go on (default 30 s). */
  maxWaitMs?: number;
  /** A file counts once its size held still this long (default 1 s). */
  stableMs?: number;
  maxPending?: number;
  logger?: Logger;
}

const isHidden = (p: string): boolean => path.basename(p).startsWith('.');

export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private pending = new Set<string>();
  private overflowed = false;
  private firstEventAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly stableMs: number;
  private readonly maxPending: number;
  private readonly logger: Logger;

  constructor(private readonly options: FolderWatcherOptions) {
    this.quietMs = options.quietMs ?? 2000;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.stableMs = options.stableMs ?? 1000;
    this.maxPending = options.maxPending ?? 10_000;
    this.logger = options.logger ?? silentLogger;
  }

  /** The folders watched now. */
  get roots(): string[] {
    return [...this.watchers.keys()];
  }

  /** Watches exactly these folders (starting new ones, stopping the rest); resolves once all are ready. */
  async watch(roots: readonly string[]): Promise<void> {
    if (this.closed) return;
    const wanted = new Set(roots.map((r) => path.resolve(r)));
    const stopping = [...this.watchers].filter(([root]) => !wanted.has(root));
    for (const [root] of stopping) this.watchers.delete(root);
    const starting = [...wanted].filter((root) => !this.watchers.has(root));
    await Promise.all([...stopping.map(([, w]) => w.close()), ...starting.map((root) => this.start(root))]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const all = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(all.map((w) => w.close()));
  }

  private start(root: string): Promise<void> {
    const { acceptFile } = this.options;
    const watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      // Hidden folders are skipped by the walk too (scan/walk.ts); other files only once known to be files.
      ignored: (p, stats) => p !== root && (isHidden(p) || (stats?.isFile() === true && !acceptFile(p))),
      awaitWriteFinish: { stabilityThreshold: this.stableMs, pollInterval: 100 },
    });
    this.watchers.set(root, watcher);
    const onFile = (p: string): void => {
      if (acceptFile(p)) this.note(p);
    };
    watcher.on('add', onFile).on('change', onFile).on('unlink', onFile);
    watcher.on('addDir', (p) => this.note(p)).on('unlinkDir', (p) => this.note(p));
    watcher.on('error', (err) => this.logger.warn('folder watcher error', { root, error: String(err) }));
    return new Promise((resolve) => watcher.once('ready', () => resolve()));
  }

  private note(p: string): void {
    if (this.closed) return;
    if (this.pending.size < this.maxPending) this.pending.add(p);
    else this.overflowed = true;
    const now = Date.now();
    if (this.timer === null) this.firstEventAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstEventAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    const batch: WatchBatch = { paths: [...this.pending], overflowed: this.overflowed };
    this.pending = new Set();
    this.overflowed = false;
    if (batch.paths.length > 0 || batch.overflowed) this.options.onChanges(batch);
  }
}
