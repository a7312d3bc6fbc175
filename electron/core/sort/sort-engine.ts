/**
 * Sort to disk over one library (issue 10): the API the CLI calls and a UI can call the same way.
 *   plan(request)        -> SortPlan (a dry run: nothing written)
 *   apply(plan, options) -> ApplyResult (progress callback, AbortSignal; journalled)
 *   undo(run, options)   -> UndoResult
 *   history()            -> RunSummary[]
 *   resumeInterrupted()  -> finishes runs a killed process left half-way (apply calls it first)
 * Albums decide what goes where (membership, or categorize's single-album assignments).
 */
import path from 'node:path';
import type { AlbumEngine } from '../albums/album-engine.js';
import { CoreError } from '../core-error.js';
import type { LibraryScope } from '../library-scope.js';
import type { Logger } from '../logger.js';
import type { RunRecord, RunState, SortMode } from '../store/sort-journal-store.js';
import { executeRun, stepsOf, type ApplyResult } from './sort-apply.js';
import type { SortDeps, SortRunOptions } from './sort-deps.js';
import { buildSortPlan, type SortPlan, type SortSource } from './sort-plan.js';
import { undoSteps, type UndoResult } from './sort-undo.js';

export const UNSORTED_FOLDER = 'Unsorted';

export interface SortAlbumsRequest {
  into: string;
  /** Album names (default: every album). */
  albums?: readonly string[];
  /** Each photo into its single best album (categorize) instead of every album it belongs to. */
  categorize?: boolean;
  /** With categorize: photos no album fits go to an "Unsorted" folder (default: left out). */
  unsorted?: boolean;
  mode?: SortMode;
  /** Album keywords in XMP sidecars (default: on for copy and hardlink). */
  xmp?: boolean;
}

export interface RunSummary {
  run: number;
  at: number;
  into: string;
  mode: SortMode;
  xmp: boolean;
  state: RunState;
  albums: string[];
  /** Files the run wrote (copies, links, moves, sidecars) and their bytes. */
  files: number;
  bytes: number;
  failed: number;
  undone: number;
  kept: number;
}

export interface ResumeResult {
  run: number;
  kind: 'apply' | 'undo';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return typeof err === 'object' && err !== null && 'code' in err && err.code === 'EPERM';
  }
}

export class SortEngine {
  /** Runs this process is applying or undoing now (a run of our own pid not listed here is stale). */
  private readonly active = new Set<number>();

  constructor(
    private readonly library: LibraryScope,
    private readonly albums: AlbumEngine,
    private readonly logger: Logger,
  ) {}

  private get deps(): SortDeps {
    const { sortJournal, photos, maintenance, transaction } = this.library;
    return { journal: sortJournal, photos, maintenance, transaction, logger: this.logger };
  }

  private requireWritable(): void {
    if (this.library.readonly) throw new CoreError('LIBRARY_READ_ONLY', 'The library is open read-only; sorting to disk journals every step in it and needs write access.');
  }

  private ownerAlive(run: RunRecord): boolean {
    if (run.pid === null) return false;
    if (run.pid === process.pid) return this.active.has(run.id);
    return processAlive(run.pid);
  }

  /** Runs left half-way by a process that is gone (killed, crashed, power loss). */
  interrupted(): RunRecord[] {
    return this.library.sortJournal.unfinished().filter((r) => !this.ownerAlive(r));
  }

  async plan(request: SortAlbumsRequest): Promise<SortPlan> {
    const mode = request.mode ?? 'copy';
    if (request.xmp === true && mode === 'move') {
      throw new CoreError('INVALID_ARGUMENT', 'XMP keywords are written on copy and hardlink runs; a move keeps your sidecars exactly as they are. Drop --xmp or use --mode copy.');
    }
    const sources = await this.sources(request);
    const plan = await buildSortPlan({
      target: path.resolve(request.into),
      mode,
      xmp: request.xmp ?? mode !== 'move',
      albums: sources,
      libraryFolders: this.library.folders.paths(),
      photoIdOf: (p) => this.library.photos.getByPath(p)?.id ?? null,
    });
    for (const r of this.interrupted()) plan.notes.push(`Run ${r.id} was interrupted; it is finished first when you apply (or undo it: recollect sort --undo ${r.id}).`);
    return plan;
  }

  private async sources(request: SortAlbumsRequest): Promise<SortSource[]> {
    const names = request.albums && request.albums.length > 0 ? request.albums : this.library.albums.list().map((a) => a.name);
    if (names.length === 0) throw new CoreError('ALBUM_NOT_FOUND', 'There are no albums to sort yet. Create some first: recollect album create "<name>" --prompt "<words>"');
    if (request.categorize) {
      const result = await this.albums.categorize(names);
      const byAlbum = new Map<number | null, { path: string; photoId: number }[]>();
      const photos = this.library.photos.getMany(result.assignments.map((a) => a.photoId));
      for (const a of result.assignments) {
        const p = photos.get(a.photoId);
        if (p) byAlbum.set(a.album, [...(byAlbum.get(a.album) ?? []), { path: p.path, photoId: p.id }]);
      }
      const out: SortSource[] = result.albums.map((album, i) => ({ album: album.name, photos: byAlbum.get(i) ?? [] }));
      if (request.unsorted) out.push({ album: UNSORTED_FOLDER, photos: byAlbum.get(null) ?? [], keyword: false });
      return out;
    }
    const out: SortSource[] = [];
    for (const name of names) {
      const view = await this.albums.show(name);
      out.push({ album: view.album.name, photos: view.photos.map((p) => ({ path: p.photo.path, photoId: p.photo.id })) });
    }
    return out;
  }

  /** Applies a plan from plan(); refuses one that failed its checks, or while an interrupted run is unfinished. */
  async apply(plan: SortPlan, options: SortRunOptions = {}): Promise<ApplyResult> {
    this.requireWritable();
    if (plan.refusals.length > 0) throw new CoreError('SORT_REFUSED', plan.refusals.join(' '));
    const pending = this.interrupted();
    if (pending.length > 0) {
      throw new CoreError('SORT_REFUSED', `Run ${pending.map((r) => r.id).join(', ')} was interrupted: finish it first (any sort does: resumeInterrupted) and plan again.`);
    }
    const journal = this.library.sortJournal;
    return journal.durably(async () => {
      // The run and all its steps are on disk (fsync'd) before the first file is touched.
      const runId = journal.createRun({ target: plan.target, mode: plan.mode, xmp: plan.xmp, pid: process.pid, albums: plan.albums.map((a) => a.name) }, stepsOf(plan));
      return this.owning(runId, () => executeRun(this.deps, runId, options));
    });
  }

  /** Finishes every interrupted run: an apply is completed, an undo is completed. */
  async resumeInterrupted(options: SortRunOptions = {}): Promise<ResumeResult[]> {
    this.requireWritable();
    const out: ResumeResult[] = [];
    for (const run of this.interrupted()) {
      if (run.state === 'applying') {
        await this.owning(run.id, () => {
          this.library.sortJournal.setRunState(run.id, 'applying', process.pid);
          return executeRun(this.deps, run.id, options);
        });
        out.push({ run: run.id, kind: 'apply' });
      } else {
        await this.undo(run.id, options);
        out.push({ run: run.id, kind: 'undo' });
      }
      this.logger.info('sort run resumed', { run: run.id, state: run.state });
    }
    return out;
  }

  async undo(runId: number, options: SortRunOptions = {}): Promise<UndoResult> {
    this.requireWritable();
    const journal = this.library.sortJournal;
    const run = journal.run(runId);
    if (!run) throw new CoreError('SORT_RUN_NOT_FOUND', `There is no sort run ${runId}. See them: recollect sort --history`);
    if ((run.state === 'applying' || run.state === 'undoing') && this.ownerAlive(run)) {
      throw new CoreError('SORT_REFUSED', `Run ${runId} is still being carried out (process ${run.pid ?? '?'}); wait for it to end or stop it first.`);
    }
    if (run.state === 'undone' && !journal.steps(runId).some((s) => s.state === 'kept')) {
      throw new CoreError('INVALID_ARGUMENT', `Run ${runId} is undone already.`);
    }
    return this.owning(runId, async () => {
      journal.setRunState(runId, 'undoing', process.pid);
      const result = await undoSteps(this.deps, runId, options);
      journal.setRunState(runId, options.signal?.aborted ? 'stopped' : 'undone', null);
      return result;
    });
  }

  history(): RunSummary[] {
    const journal = this.library.sortJournal;
    return journal.runs().map((run) => {
      const steps = journal.steps(run.id).filter((s) => s.kind !== 'mkdir');
      const wrote = steps.filter((s) => s.state !== 'pending' && s.state !== 'failed' && s.state !== 'started');
      return {
        run: run.id,
        at: run.createdAt,
        into: run.target,
        mode: run.mode,
        xmp: run.xmp,
        state: run.state,
        albums: run.albums,
        files: wrote.length,
        bytes: wrote.reduce((n, s) => n + s.size, 0),
        failed: steps.filter((s) => s.state === 'failed').length,
        undone: steps.filter((s) => s.state === 'undone').length,
        kept: steps.filter((s) => s.state === 'kept').length,
      };
    });
  }

  /** Journals with FULL sync and marks the run as ours while `fn` runs (nested durably calls are fine). */
  private async owning<T>(runId: number, fn: () => Promise<T>): Promise<T> {
    this.active.add(runId);
    try {
      return await this.library.sortJournal.durably(fn);
    } finally {
      this.active.delete(runId);
    }
  }
}
