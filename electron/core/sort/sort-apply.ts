/**
 * Carries out a sort run step by step, journalled: a step is marked `started` (with the hash of
 * what it copies) before it touches a file and `done` after, each mark fsync'd. A step found
 * `started` after a crash is settled from what is on disk (settleStarted): finished if its result
 * is there and verified, redone if not, never guessed. So a SIGKILL or power loss at any instant
 * leaves a run that the next sort finishes and that undo reverses.
 * Never overwrites a file, never modifies a source; only a `move` step removes a source, after its
 * copy is verified (file-ops.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../core-error.js';
import { isDiskFullError } from '../store/disk-full.js';
import type { NewStep, StepRecord } from '../store/sort-journal-store.js';
import { copyVerified, errCode, exists, fsyncDir, hashFile, hashIfExists, linkNoClobber, placeMoved, removeSource, sameFile, tempNameFor, writeNew } from './file-ops.js';
import { sha256Text, sidecarContent } from './sidecar-content.js';
import { followMove, type FileNote, type SortDeps, type SortProgress, type SortRunOptions } from './sort-deps.js';
import type { SortPlan } from './sort-plan.js';

export interface ApplyResult {
  run: number;
  state: 'applied' | 'stopped';
  /** Steps carried out (files and folders). */
  applied: number;
  failed: FileNote[];
}

/** The plan as journal steps: folders first (outermost first), then files, then sidecars. */
export function stepsOf(plan: SortPlan): NewStep[] {
  return [
    ...plan.folders.map((dst): NewStep => ({ kind: 'mkdir', src: null, dst, size: 0, album: null, photoId: null, keywords: null })),
    ...plan.transfers.map((t): NewStep => ({ kind: t.kind, src: t.from, dst: t.to, size: t.size, album: t.album, photoId: t.photoId, keywords: null })),
    ...plan.sidecars.map((s): NewStep => ({ kind: 'xmp', src: s.from, dst: s.to, size: 0, album: s.album, photoId: null, keywords: s.keywords })),
  ];
}

type Settled = 'done' | 'pending' | 'failed';

async function removeTemp(dst: string): Promise<void> {
  await fs.rm(tempNameFor(dst), { force: true });
}

/** What a step left `started` by a crash actually did, judged from the disk; the journal is updated to match. */
export async function settleStarted(deps: SortDeps, step: StepRecord): Promise<Settled> {
  const mark = (state: 'done' | 'pending' | 'failed', extra: { kind?: StepRecord['kind']; dstHash?: string; note?: string } = {}): Settled => {
    deps.journal.markStep(step, { state, ...extra });
    return state;
  };
  const { src, dst } = step;
  if (step.kind === 'mkdir') {
    const st = await fs.stat(dst).catch(() => null);
    return mark(st?.isDirectory() ? 'done' : 'pending');
  }
  await removeTemp(dst);
  const have = await hashIfExists(dst);
  if (step.kind === 'xmp') {
    if (have === null) return mark('pending');
    return have === step.dstHash ? mark('done') : mark('failed', { note: 'a different file took its name; left as it is' });
  }
  if (src === null) return mark('failed', { note: 'journal step without a source' });
  if (step.kind === 'copy' || step.kind === 'hardlink') {
    if (have === null) return mark('pending');
    if (have !== step.srcHash) return mark('failed', { note: 'a different file took its name; left as it is' });
    return mark('done', { kind: (await sameFile(src, dst)) ? 'hardlink' : 'copy', dstHash: have });
  }
  // move
  const srcThere = await exists(src);
  if (have === null) return srcThere ? mark('pending') : mark('failed', { note: 'the source is gone (moved or deleted outside Recollect)' });
  if (have !== step.srcHash) return mark('failed', { note: 'a different file took its name; left as it is' });
  // The copy at dst is complete and verified: what is left of the move is the library and the source.
  const sourceIsCopy = srcThere && ((await sameFile(src, dst)) || (await hashIfExists(src)) === step.srcHash);
  if (srcThere && !sourceIsCopy) return mark('failed', { note: 'the source changed since the move began; both are kept' });
  const follow = await followMove(deps, step.photoId, src, dst);
  deps.transaction(follow);
  if (sourceIsCopy) await removeSource(src);
  return mark('done', { dstHash: have });
}

/** Carries out one pending step; returns a note when it failed (expected failures are data). */
async function runStep(deps: SortDeps, step: StepRecord): Promise<string | null> {
  const { journal } = deps;
  const { src, dst } = step;
  if (step.kind === 'mkdir') {
    journal.markStep(step, { state: 'started' });
    const made = await fs.mkdir(dst).then(
      () => true,
      (err: unknown) => (errCode(err) === 'EEXIST' ? false : Promise.reject(err)),
    );
    if (made) await fsyncDir(path.dirname(dst));
    // A folder that appeared since the plan is not ours: undo must not remove it.
    journal.markStep(step, { state: 'done', note: made ? null : 'existed' });
    return null;
  }
  if (step.kind === 'xmp') {
    const content = await sidecarContent(src, step.keywords ?? []);
    const dstHash = sha256Text(content);
    journal.markStep(step, { state: 'started', dstHash, srcHash: src ? await hashFile(src) : null });
    await writeNew(dst, content);
    journal.markStep(step, { state: 'done' });
    return null;
  }
  if (src === null) return 'journal step without a source';
  const srcHash = await hashFile(src);
  journal.markStep(step, { state: 'started', srcHash });
  if (step.kind === 'copy') {
    await copyVerified(src, dst, srcHash);
    journal.markStep(step, { state: 'done', dstHash: srcHash });
  } else if (step.kind === 'hardlink') {
    const how = await linkNoClobber(src, dst).catch((err: unknown) => (['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'].includes(errCode(err)) ? 'no-links' : Promise.reject(err)));
    if (how === 'linked') await fsyncDir(path.dirname(dst));
    else await copyVerified(src, dst, srcHash);
    journal.markStep(step, how === 'linked' ? { state: 'done', dstHash: srcHash } : { state: 'done', dstHash: srcHash, kind: 'copy', note: 'copied: this drive has no hard links' });
  } else {
    // Both names exist while the library switches to the new one: its path always names a file.
    const sourceLeft = await placeMoved(src, dst, srcHash);
    const follow = await followMove(deps, step.photoId, src, dst);
    deps.transaction(follow);
    if (sourceLeft) await removeSource(src);
    journal.markStep(step, { state: 'done', dstHash: srcHash });
  }
  return null;
}

function failureNote(err: unknown): string {
  const code = errCode(err);
  if (code === 'EEXIST') return 'a file appeared under its name since the plan; nothing is overwritten';
  if (code === 'ENOENT') return 'the source is gone (moved or deleted since the plan)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EVERIFY') return 'the copy did not match its source (it changed while being copied); nothing removed';
  return err instanceof Error ? err.message.split('\n')[0] ?? code : String(err);
}

/**
 * Runs the run's pending (and settles its started) steps in order. Stops between steps when the
 * signal aborts (the run is then `stopped`: consistent, undoable). A full disk stops the run too
 * and throws DISK_FULL; every other per-file failure is recorded and the run goes on.
 */
export async function executeRun(deps: SortDeps, runId: number, options: SortRunOptions = {}): Promise<ApplyResult> {
  const { journal } = deps;
  const steps = journal.steps(runId);
  const bytesTotal = steps.reduce((n, s) => n + s.size, 0);
  const progress: SortProgress = { phase: 'applying', run: runId, done: 0, total: steps.length, bytesDone: 0, bytesTotal, currentPath: null };
  const failed: FileNote[] = [];
  let applied = 0;
  for (const step of steps) {
    if (options.signal?.aborted) {
      journal.setRunState(runId, 'stopped', null);
      return { run: runId, state: 'stopped', applied, failed };
    }
    let state: StepRecord['state'] = step.state;
    if (state === 'started') state = await settleStarted(deps, step);
    if (state === 'pending') {
      try {
        const note = await runStep(deps, step);
        if (note) {
          journal.markStep(step, { state: 'failed', note });
          failed.push({ path: step.src ?? step.dst, reason: note });
        } else applied++;
      } catch (err) {
        if (isDiskFullError(err)) {
          await removeTemp(step.dst).catch(() => {});
          journal.markStep(step, { state: 'pending' });
          journal.setRunState(runId, 'stopped', null);
          throw new CoreError(
            'DISK_FULL',
            `The target disk is full (${path.dirname(step.dst)}): ${applied} steps of run ${runId} were done, nothing was lost or overwritten. Free space and sort again, or undo it: recollect sort --undo ${runId}`,
            { cause: err },
          );
        }
        await removeTemp(step.dst).catch(() => {});
        const reason = failureNote(err);
        journal.markStep(step, { state: 'failed', note: reason });
        failed.push({ path: step.src ?? step.dst, reason });
      }
    } else if (state === 'done') applied++;
    else if (state === 'failed') failed.push({ path: step.src ?? step.dst, reason: step.note ?? 'failed' });
    progress.done++;
    progress.bytesDone += step.size;
    progress.currentPath = step.dst;
    options.onProgress?.({ ...progress });
  }
  journal.setRunState(runId, 'applied', null);
  return { run: runId, state: 'applied', applied, failed };
}
