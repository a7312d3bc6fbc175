/**
 * The "sort to disk" domain of the API: dry run, export and undo as one background job at a time
 * (the journal in the library makes each step durable; core/sort/), progress as `sortProgress`
 * events (throttled; the last one carries the outcome), and the run history. Albums are named by
 * id over the API; the engine takes their names.
 */
import fs from 'node:fs';
import type { RecollectApi } from '../contract/api.js';
import { errorMessage } from '../contract/error-message.js';
import type { SortJobDto, SortPlanDto, SortRequestDto, SortRunDto } from '../contract/sort-dto.js';
import { CoreError } from '../core/core-error.js';
import type { SortProgress } from '../core/sort/sort-deps.js';
import type { SortAlbumsRequest } from '../core/sort/sort-engine.js';
import type { SortPlan } from '../core/sort/sort-plan.js';
import { toDiskFullError } from '../core/store/disk-full.js';
import type { ServiceContext } from './service-context.js';
import { resolveTypedPath } from './typed-path.js';

/** The folder run `run` wrote into, if it is still there (a drive may be unplugged since). */
export function sortTarget(runs: readonly SortRunDto[], run: number): string {
  const found = runs.find((r) => r.run === run);
  if (!found) throw new CoreError('SORT_RUN_NOT_FOUND', `There is no export ${run}.`);
  if (!fs.existsSync(found.into)) throw new CoreError('FOLDER_NOT_FOUND', `${found.into} is not there any more (moved, deleted, or on a drive that is not connected).`);
  return found.into;
}

export type SortService = Pick<RecollectApi, 'planSort' | 'startSort' | 'startSortUndo' | 'cancelSort' | 'getSortJob' | 'listSortRuns' | 'revealSortTarget'> & {
  /** Stops a job in progress and waits for it (shutdown). */
  stop(): Promise<void>;
};

/** Planned transfers a dry run lists one by one (the counts always cover all of them). */
const PLANNED_SHOWN = 500;
const EMIT_INTERVAL_MS = 150;

function toPlanDto(plan: SortPlan): SortPlanDto {
  return {
    target: plan.target,
    mode: plan.mode,
    xmp: plan.xmp,
    albums: plan.albums.map((a) => ({ ...a })),
    files: plan.transfers.length,
    sidecars: plan.sidecars.length,
    folders: plan.folders.length,
    bytes: plan.bytes,
    planned: plan.transfers.slice(0, PLANNED_SHOWN).map((t) => ({ from: t.from, to: t.to })),
    skipped: plan.skipped,
    conflicts: plan.conflicts,
    notes: plan.notes,
    refusals: plan.refusals,
  };
}

export function createSortService(ctx: ServiceContext): SortService {
  const { core, events, logger, host } = ctx;
  let job: SortJobDto | null = null;
  let abort: AbortController | null = null;
  let running: Promise<void> = Promise.resolve();
  let lastEmit = 0;

  const emit = (force: boolean): void => {
    const now = Date.now();
    if (!job || (!force && now - lastEmit < EMIT_INTERVAL_MS)) return;
    lastEmit = now;
    events.emit('sortProgress', { ...job });
  };

  const onProgress = (p: SortProgress): void => {
    if (!job) return;
    job = { ...job, run: p.run, done: p.done, total: p.total, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, currentPath: p.currentPath };
    emit(false);
  };

  const toEngineRequest = (request: SortRequestDto): SortAlbumsRequest => ({
    into: resolveTypedPath(request.into),
    albums: (request.albumIds ?? []).map((id) => core.albums.find(id).name),
    categorize: request.categorize,
    unsorted: request.unsorted,
    mode: request.mode,
    xmp: request.xmp,
  });

  const requireIdle = (): void => {
    if (job?.running) throw new CoreError('SORT_REFUSED', 'An export or undo is in progress; wait for it to end or stop it first.');
  };

  /** Runs `work` as the one job; its outcome (or failure, in words) becomes the last event. */
  const launch = (kind: 'apply' | 'undo', run: number | null, work: (signal: AbortSignal) => Promise<{ run: number; done: number; notes: { path: string; reason: string }[]; stopped: boolean }>): SortJobDto => {
    const controller = new AbortController();
    abort = controller;
    job = { kind, run, running: true, done: 0, total: 0, bytesDone: 0, bytesTotal: 0, currentPath: null, outcome: null };
    emit(true);
    running = (async () => {
      try {
        const result = await work(controller.signal);
        job = { ...(job ?? { kind, run, done: 0, total: 0, bytesDone: 0, bytesTotal: 0 }), run: result.run, running: false, currentPath: null, outcome: { kind, run: result.run, done: result.done, notes: result.notes, stopped: result.stopped, error: null } };
      } catch (err) {
        const known = err instanceof CoreError ? err : toDiskFullError(err, core.status().libraryFile);
        const message = known ? known.message : errorMessage(err);
        logger.warn('sort job failed', { kind, error: message });
        job = { ...(job ?? { kind, run, done: 0, total: 0, bytesDone: 0, bytesTotal: 0 }), running: false, currentPath: null, outcome: { kind, run: job?.run ?? run ?? 0, done: job?.done ?? 0, notes: [], stopped: false, error: message } };
      } finally {
        abort = null;
        emit(true);
        // Moves change photo paths; undo puts them back: every view re-reads.
        events.emit('libraryChanged', { reason: 'index' });
      }
    })();
    return { ...job };
  };

  return {
    planSort: async (request) => toPlanDto(await core.sort.plan(toEngineRequest(request))),
    async startSort(request) {
      requireIdle();
      const plan = await core.sort.plan(toEngineRequest(request));
      if (plan.refusals.length > 0) throw new CoreError('SORT_REFUSED', plan.refusals.join(' '));
      return launch('apply', null, async (signal) => {
        await core.sort.resumeInterrupted({ signal });
        const r = await core.sort.apply(plan, { signal, onProgress });
        return { run: r.run, done: r.applied, notes: r.failed, stopped: r.state === 'stopped' };
      });
    },
    async startSortUndo(run) {
      requireIdle();
      if (!core.sort.history().some((r) => r.run === run)) throw new CoreError('SORT_RUN_NOT_FOUND', `There is no export ${run} to undo.`);
      return launch('undo', run, async (signal) => {
        const r = await core.sort.undo(run, { signal, onProgress });
        return { run: r.run, done: r.undone, notes: r.kept, stopped: signal.aborted };
      });
    },
    async cancelSort() {
      abort?.abort();
      return job ? { ...job } : null;
    },
    getSortJob: async () => (job ? { ...job } : null),
    listSortRuns: async (): Promise<SortRunDto[]> => [...core.sort.history()].sort((a, b) => b.run - a.run),
    revealSortTarget: async (run) => host.open(sortTarget(core.sort.history(), run)),
    async stop() {
      abort?.abort();
      await running;
    },
  };
}
