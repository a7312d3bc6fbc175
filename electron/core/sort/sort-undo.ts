/**
 * Undo of a sort run, newest step first, journalled like apply (a step is `undoing` before it is
 * touched, `undone` or `kept` after), so an undo killed at any instant is finished by the next one.
 * - a moved file goes back to where it was (and the library row with it), unless its old place
 *   was taken by another file since;
 * - a copy, hardlink or sidecar the run made is removed only if it is still what the run wrote
 *   (sha256); anything changed since is kept and listed;
 * - a folder the run created is removed only when empty.
 * Each branch looks at the disk first, so running it twice does nothing the second time.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { errCode, fsyncDir, hashIfExists, placeMoved, removeFile, removeSource, sameFile, tempNameFor } from './file-ops.js';
import { followMove, type FileNote, type SortDeps, type SortProgress, type SortRunOptions } from './sort-deps.js';
import { settleStarted } from './sort-apply.js';
import type { StepRecord } from '../store/sort-journal-store.js';

export interface UndoResult {
  run: number;
  /** Steps reversed (files removed or moved back, folders removed). */
  undone: number;
  /** Files and folders left in place, with the reason. */
  kept: FileNote[];
}

type Outcome = { state: 'undone'; note?: string } | { state: 'kept'; note: string };

async function undoFolder(step: StepRecord): Promise<Outcome> {
  if (step.note === 'existed') return { state: 'undone', note: 'was there before the run' };
  try {
    await fs.rmdir(step.dst);
    await fsyncDir(path.dirname(step.dst));
    return { state: 'undone' };
  } catch (err) {
    if (errCode(err) === 'ENOENT') return { state: 'undone', note: 'already gone' };
    if (errCode(err) === 'ENOTEMPTY' || errCode(err) === 'EEXIST') return { state: 'kept', note: 'the folder holds files the run did not make' };
    throw err;
  }
}

async function undoCreatedFile(step: StepRecord): Promise<Outcome> {
  await fs.rm(tempNameFor(step.dst), { force: true });
  const have = await hashIfExists(step.dst);
  if (have === null) return { state: 'undone', note: 'already gone' };
  if (have !== step.dstHash) return { state: 'kept', note: 'changed since the run: left as it is' };
  await removeFile(step.dst);
  return { state: 'undone' };
}

async function undoMove(deps: SortDeps, step: StepRecord): Promise<Outcome> {
  const { src, dst } = step;
  if (src === null) return { state: 'kept', note: 'journal step without a source' };
  await fs.rm(tempNameFor(src), { force: true });
  const [atDst, atSrc] = await Promise.all([hashIfExists(dst), hashIfExists(src)]);
  // Like apply: the file gets its old name back, the library follows, then the sorted name goes.
  const back = async (removeSorted: boolean): Promise<Outcome> => {
    const follow = await followMove(deps, step.photoId, dst, src);
    deps.transaction(follow);
    if (removeSorted) await removeSource(dst);
    return { state: 'undone' };
  };
  if (atDst !== null && atSrc === null) {
    // The user may have edited the photo since: it still goes back (a move is not a copy to guard).
    return back(await placeMoved(dst, src, atDst));
  }
  if (atDst !== null && atSrc !== null) {
    // Interrupted moving back (two names of one file, or a verified copy back): drop the sorted name.
    if ((await sameFile(src, dst)) || atDst === atSrc) return back(true);
    return { state: 'kept', note: `its old place ${src} holds another file now: left here` };
  }
  if (atSrc !== null) {
    if (atSrc !== step.srcHash) return { state: 'kept', note: 'gone from the target, and its old place holds another file' };
    return back(false).then(() => ({ state: 'undone', note: 'already back' }));
  }
  return { state: 'kept', note: 'gone since the run (moved or deleted outside Recollect)' };
}

async function undoStep(deps: SortDeps, step: StepRecord): Promise<Outcome> {
  if (step.kind === 'mkdir') return undoFolder(step);
  if (step.kind === 'move') return undoMove(deps, step);
  return undoCreatedFile(step);
}

export async function undoSteps(deps: SortDeps, runId: number, options: SortRunOptions = {}): Promise<UndoResult> {
  const { journal } = deps;
  // What a crash left half-way forward is settled first, so every step is either done or not.
  for (const step of journal.steps(runId)) if (step.state === 'started') await settleStarted(deps, step);
  const steps = journal.steps(runId).filter((s) => s.state === 'done' || s.state === 'undoing' || s.state === 'kept').reverse();
  const progress: SortProgress = { phase: 'undoing', run: runId, done: 0, total: steps.length, bytesDone: 0, bytesTotal: steps.reduce((n, s) => n + s.size, 0), currentPath: null };
  const kept: FileNote[] = [];
  let undone = 0;
  for (const step of steps) {
    // A kept step is tried again: the user may have cleared what stood in the way.
    if (options.signal?.aborted) break;
    journal.markStep(step, { state: 'undoing' });
    let outcome: Outcome;
    try {
      outcome = await undoStep(deps, step);
    } catch (err) {
      outcome = { state: 'kept', note: `could not be undone: ${err instanceof Error ? err.message : String(err)}` };
    }
    journal.markStep(step, { state: outcome.state, note: outcome.note ?? step.note });
    if (outcome.state === 'undone') undone++;
    else kept.push({ path: step.dst, reason: outcome.note });
    progress.done++;
    progress.bytesDone += step.size;
    progress.currentPath = step.dst;
    options.onProgress?.({ ...progress });
  }
  return { run: runId, undone, kept };
}

