/**
 * `recollect sort` (issue 10 item 6; the --json shapes are a contract):
 *   sort --into DIR [--album "<name>"]... [--categorize [--unsorted]] [--mode copy|hardlink|move]
 *        [--xmp|--no-xmp] [--dry-run] [--json]
 *     -> { run, planned: [{ from, to }], skipped: [{ path, reason }], bytes, applied, ... }
 *        run: the run id (null for a dry run or when nothing had to be written);
 *        applied: true when the plan was carried out. Also: mode, into, albums, conflicts,
 *        sidecars [{ from, to, keywords }], notes, failed, resumed (runs a killed sort left).
 *   sort --undo <run> [--json]  -> { run, undone, kept: [{ path, reason }] }
 *   sort --history [--json]     -> { runs: [{ run, at, into, mode, xmp, state, albums, files, bytes, failed, undone, kept }] }
 */
import type { RecollectCore } from '../../core/create-core.js';
import type { SortProgress } from '../../core/sort/sort-deps.js';
import type { SortPlan } from '../../core/sort/sort-plan.js';
import type { SortMode } from '../../core/store/sort-journal-store.js';
import { positiveInt, UsageError } from '../cli-args.js';
import { openCore, type CliContext } from '../cli-context.js';
import { ProgressBar } from '../progress-bar.js';
import { formatBytes, formatSortProgress } from '../sort-progress.js';

function parseMode(value: string | undefined): SortMode | undefined {
  if (value === undefined) return undefined;
  if (value === 'copy' || value === 'hardlink' || value === 'move') return value;
  throw new UsageError(`--mode expects copy, hardlink or move (got "${value}")`);
}

function xmpChoice(ctx: CliContext): boolean | undefined {
  if (ctx.flags.xmp && ctx.flags['no-xmp']) throw new UsageError('--xmp and --no-xmp contradict each other');
  return ctx.flags.xmp ? true : ctx.flags['no-xmp'] ? false : undefined;
}

function printPlan(ctx: CliContext, plan: SortPlan): void {
  ctx.out(`Sort plan: ${plan.mode} into ${plan.target} (XMP keywords: ${plan.xmp ? 'on' : 'off'})`);
  for (const a of plan.albums) ctx.out(`  ${a.name} -> ${a.folder}: ${a.photos} photos, ${a.files} files, ${formatBytes(a.bytes)}`);
  ctx.out(`  ${plan.transfers.length} files (${formatBytes(plan.bytes)}), ${plan.sidecars.length} sidecars with keywords, ${plan.folders.length} new folders`);
  if (plan.conflicts.length > 0) {
    ctx.out(`Name conflicts (${plan.conflicts.length}), resolved without overwriting:`);
    for (const c of plan.conflicts) ctx.out(`  ${c.from} -> ${c.to}: ${c.reason}`);
  }
  if (plan.skipped.length > 0) {
    ctx.out(`Skipped (${plan.skipped.length}):`);
    for (const s of plan.skipped) ctx.out(`  ${s.path}: ${s.reason}`);
  }
  for (const n of plan.notes) ctx.out(`Note: ${n}`);
}

function planJson(plan: SortPlan) {
  return {
    planned: plan.transfers.map((t) => ({ from: t.from, to: t.to })),
    skipped: plan.skipped,
    bytes: plan.bytes,
    mode: plan.mode,
    into: plan.target,
    xmp: plan.xmp,
    albums: plan.albums.map((a) => ({ name: a.name, folder: a.folder, photos: a.photos, files: a.files, bytes: a.bytes })),
    conflicts: plan.conflicts,
    sidecars: plan.sidecars.map((s) => ({ from: s.from, to: s.to, keywords: s.keywords })),
    notes: plan.notes,
  };
}

async function sortInto(ctx: CliContext, core: RecollectCore, into: string): Promise<void> {
  const dryRun = ctx.flags['dry-run'] ?? false;
  const bar = ctx.flags.json ? null : new ProgressBar();
  const onProgress = (p: SortProgress) => bar?.draw(() => formatSortProgress(p), p.done < p.total);
  // A sort killed half-way is finished first: its files are then where the new plan expects them.
  const resumed = dryRun ? [] : await core.sort.resumeInterrupted({ onProgress });
  bar?.clear();
  for (const r of resumed) if (!ctx.flags.json) ctx.err(`Finished run ${r.run}, which was interrupted (${r.kind === 'apply' ? 'sort' : 'undo'}).`);
  const plan = await core.sort.plan({
    into,
    albums: ctx.flags.album ?? [],
    categorize: ctx.flags.categorize ?? false,
    unsorted: ctx.flags.unsorted ?? false,
    mode: parseMode(ctx.flags.mode),
    xmp: xmpChoice(ctx),
  });
  if (plan.refusals.length > 0) {
    if (!ctx.flags.json) printPlan(ctx, plan);
    // Thrown by apply too; a dry run says the same thing the real run would.
    await core.sort.apply(plan);
  }
  const nothingToDo = plan.transfers.length + plan.sidecars.length === 0;
  if (dryRun || nothingToDo) {
    if (ctx.flags.json) ctx.out(JSON.stringify({ run: null, ...planJson(plan), applied: !dryRun, failed: [], resumed: resumed.map((r) => r.run) }));
    else {
      printPlan(ctx, plan);
      ctx.out(dryRun ? 'Dry run: nothing was written.' : 'Nothing to do: everything is in place already.');
    }
    return;
  }
  const result = await core.sort.apply(plan, { onProgress });
  bar?.clear();
  if (ctx.flags.json) {
    ctx.out(JSON.stringify({ run: result.run, ...planJson(plan), applied: result.state === 'applied', failed: result.failed, resumed: resumed.map((r) => r.run) }));
    return;
  }
  printPlan(ctx, plan);
  for (const f of result.failed) ctx.out(`Failed: ${f.path}: ${f.reason}`);
  ctx.out(`Sorted ${plan.transfers.length - result.failed.length} files (${formatBytes(plan.bytes)}) into ${plan.target} as run ${result.run}. Undo: recollect sort --undo ${result.run}`);
}

async function undo(ctx: CliContext, core: RecollectCore, runArg: string): Promise<void> {
  const run = positiveInt(runArg, '--undo');
  if (run === undefined) throw new UsageError('--undo needs a run number: recollect sort --history lists them');
  const bar = ctx.flags.json ? null : new ProgressBar();
  const result = await core.sort.undo(run, { onProgress: (p) => bar?.draw(() => formatSortProgress(p), p.done < p.total) });
  bar?.clear();
  if (ctx.flags.json) {
    ctx.out(JSON.stringify(result));
    return;
  }
  ctx.out(`Undid run ${run}: ${result.undone} steps reversed.`);
  if (result.kept.length > 0) {
    ctx.out(`Left in place (${result.kept.length}):`);
    for (const k of result.kept) ctx.out(`  ${k.path}: ${k.reason}`);
  }
}

function history(ctx: CliContext, core: RecollectCore): void {
  const runs = core.sort.history();
  if (ctx.flags.json) {
    ctx.out(JSON.stringify({ runs }));
    return;
  }
  if (runs.length === 0) ctx.out('No sort runs yet. Try: recollect sort --into ~/Sorted --dry-run');
  for (const r of runs) {
    const when = new Date(r.at).toISOString().slice(0, 16).replace('T', ' ');
    ctx.out(`${String(r.run).padStart(4)}  ${when}  ${r.mode.padEnd(8)} ${r.state.padEnd(8)} ${r.files} files, ${formatBytes(r.bytes)} -> ${r.into}  [${r.albums.join(', ')}]${r.kept > 0 ? `  (${r.kept} kept at undo)` : ''}`);
  }
}

export async function runSort(ctx: CliContext): Promise<void> {
  const { into, undo: undoArg, history: wantsHistory } = ctx.flags;
  const chosen = [into !== undefined, undoArg !== undefined, wantsHistory === true].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('sort needs exactly one of --into DIR, --undo <run> or --history');
  const core = openCore(ctx);
  try {
    if (into !== undefined) await sortInto(ctx, core, into);
    else if (undoArg !== undefined) await undo(ctx, core, undoArg);
    else history(ctx, core);
  } finally {
    await core.close();
  }
}
