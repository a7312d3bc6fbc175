/**
 * Runs indexing for the library's folders in the background, with pause/resume, and publishes
 * its state as `indexProgress` events (at most ~10 a second). Pause stops after the batch in
 * flight; resume starts an incremental run, which skips everything already committed.
 */
import fs from 'node:fs';
import type { IndexStateDto } from '../contract/dto.js';
import type { RecollectCore } from '../core/create-core.js';
import { describeError } from '../core/core-error.js';
import type { IndexProgress } from '../core/indexer/index-report.js';
import type { EventHub } from './event-hub.js';

const EMIT_INTERVAL_MS = 100;

export function idleIndexState(): IndexStateDto {
  return {
    phase: 'idle', running: false, paused: false, found: 0, total: 0, processed: 0,
    imagesPerSecond: 0, etaSeconds: null, currentPath: null, skipped: [], lastRun: null, error: null, switching: null,
  };
}

export class IndexController {
  private state: IndexStateDto = idleIndexState();
  private abort: AbortController | null = null;
  private running: Promise<void> | null = null;
  private lastEmit = 0;
  /**
   * Photos done by runs that were paused: a resumed run only counts what is left, so without this
   * the bar jumped backwards ("40 of 408" -> "32 of 368", issue 13). Cleared when a run completes.
   */
  private carried = 0;
  /** start() was called during a run: run once more when it ends (not after a pause). */
  private again = false;
  /**
   * Photos the pending model had vectors for when this run's embedding began: "done" counts on
   * from there with the run's progress, so no COUNT query runs on every progress event.
   */
  private switchBase: number | null = null;

  constructor(
    private readonly core: RecollectCore,
    private readonly hub: EventHub,
    private readonly onPhotosAdded: () => void = () => {},
  ) {}

  getState(): IndexStateDto {
    return { ...this.state, skipped: [...this.state.skipped] };
  }

  start(): IndexStateDto {
    if (this.running) {
      // A run reads the folder list when it starts: a folder added meanwhile needs another run
      // (it used to wait, at "0 photos", for the next start).
      this.again = true;
      return this.getState();
    }
    this.running = this.run().finally(() => {
      this.running = null;
      const again = this.again && !this.state.paused;
      this.again = false;
      if (again) this.start();
    });
    return this.getState();
  }

  pause(): IndexStateDto {
    this.again = false;
    if (this.running && this.abort) {
      this.abort.abort();
      this.update({ paused: true, phase: 'paused' }, true);
    }
    return this.getState();
  }

  resume(): IndexStateDto {
    this.update({ paused: false }, true);
    return this.start();
  }

  /** Waits for the run in flight (tests, shutdown, model switch). */
  async settle(): Promise<void> {
    // A run may start the next one as it ends (a folder added during it).
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.running;
  }

  private update(patch: Partial<IndexStateDto>, force = false): void {
    this.state = { ...this.state, ...patch };
    const now = Date.now();
    if (force || now - this.lastEmit >= EMIT_INTERVAL_MS) {
      this.lastEmit = now;
      this.hub.emit('indexProgress', this.getState());
    }
  }

  private onProgress(p: IndexProgress): void {
    const { phase, found, imagesPerSecond, etaSeconds, currentPath } = p;
    const total = p.total + this.carried;
    const processed = p.processed + this.carried;
    if (phase === 'indexing' && processed > this.state.processed) this.onPhotosAdded();
    const switching = this.switchingDuring(p);
    this.update({ phase: phase === 'done' ? this.state.phase : phase, found, total, processed, imagesPerSecond, etaSeconds, currentPath, switching }, phase !== 'indexing');
  }

  /** The switch's "done of total" while a run re-embeds for a pending model (null otherwise). */
  private switchingDuring(p: IndexProgress): IndexStateDto['switching'] {
    const current = this.state.switching ?? null;
    if (!current || p.phase !== 'indexing') return current;
    if (this.switchBase === null) {
      // Read once, when the plan is known: the pending model has loaded and nothing is embedded yet.
      const exact = this.core.switchProgress();
      this.switchBase = exact?.done ?? 0;
      return exact ? { ...exact, total: Math.max(exact.total, this.switchBase + p.total) } : null;
    }
    const total = Math.max(current.total, this.switchBase + p.total);
    return { ...current, done: Math.min(total, this.switchBase + p.processed), total };
  }

  private async run(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    const core = this.core;
    const answering = core.modelDir;
    this.switchBase = null;
    this.update({ ...idleIndexState(), phase: 'loading-model', running: true, lastRun: this.state.lastRun, switching: core.switchProgress() }, true);
    try {
      // An unplugged drive is left alone: its photos stay in the library until it is back.
      const folders = core.library.folders.paths().filter((p) => fs.existsSync(p));
      const report = await core.index(folders, { signal: abort.signal, onProgress: (p) => this.onProgress(p) });
      const { indexed, unchanged, moved, removed, seconds } = report;
      this.carried = report.stopped ? this.state.processed : 0;
      const switched = core.modelDir !== answering;
      this.update(
        {
          // Exact again at the end; null once the new model has taken over.
          switching: core.switchProgress(),
          running: false,
          phase: report.stopped ? 'paused' : 'done',
          paused: report.stopped,
          etaSeconds: report.stopped ? null : 0,
          skipped: report.skipped,
          lastRun: { indexed, unchanged, moved, removed, seconds },
        },
        true,
      );
      // A switch that completed changes what every search and album answers with.
      this.hub.emit('libraryChanged', { reason: switched ? 'model' : 'index' });
    } catch (err) {
      this.carried = 0;
      this.update({ running: false, phase: 'failed', error: describeError(err), switching: core.switchProgress() }, true);
    } finally {
      this.abort = null;
    }
  }
}
