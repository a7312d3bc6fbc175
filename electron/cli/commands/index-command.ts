/**
 * `recollect index [folder...]`: progress bar on a terminal, a summary with skipped files at the end;
 * --json prints one object { indexed, unchanged, moved, removed, skipped: [{path, reason}], seconds }.
 * Without folders it indexes the library's folders (those on disk now); with a model switch
 * pending (`recollect model use`) it re-embeds for the new model and finishes the switch.
 */
import fs from 'node:fs';
import type { RecollectCore } from '../../core/create-core.js';
import type { IndexReport } from '../../core/indexer/index-report.js';
import type { SwitchProgress } from '../../core/model-switch.js';
import { checkFolders } from '../../core/indexer/indexer.js';
import { UsageError } from '../cli-args.js';
import { openCore, type CliContext } from '../cli-context.js';
import { ProgressBar } from '../progress-bar.js';
import { resolveLibraryFile } from '../../paths/library-location.js';

const SHOW_SKIPPED = 50;

function summary(report: IndexReport): string[] {
  const lines = [
    `Done in ${report.seconds.toFixed(1)} s: ${report.indexed} indexed, ${report.unchanged} unchanged, ` +
      `${report.moved} moved, ${report.removed} removed, ${report.skipped.length} skipped.`,
  ];
  if (report.skipped.length > 0) {
    lines.push('Skipped (the files are untouched; fix or convert them and index again):');
    for (const s of report.skipped.slice(0, SHOW_SKIPPED)) lines.push(`  ${s.path}: ${s.reason}`);
    if (report.skipped.length > SHOW_SKIPPED) {
      lines.push(`  … and ${report.skipped.length - SHOW_SKIPPED} more (use --json for the full list)`);
    }
  }
  if (report.stopped) lines.push('Stopped early; run the same command again to continue where it stopped.');
  return lines;
}

const NO_FOLDERS = 'index needs at least one folder: recollect index ~/Pictures';

/** Folders named, else the library's own (an unplugged drive is left alone, as the app does). */
function foldersToIndex(ctx: CliContext, core: RecollectCore): string[] {
  if (ctx.positionals.length > 0) return ctx.positionals;
  const folders = core.library.folders.list().map((f) => f.path);
  if (folders.length === 0) throw new UsageError(NO_FOLDERS);
  return folders.filter((f) => fs.existsSync(f));
}

/** What this run fills: the line that says a switch is being finished, and with what. */
async function announce(ctx: CliContext, core: RecollectCore): Promise<SwitchProgress | null> {
  const model = await core.model();
  const pending = core.pendingModelDir ? await core.loadPending() : null;
  if (ctx.flags.json) return pending;
  if (pending) {
    ctx.err(`Re-embedding with ${pending.name ?? pending.dir}: ${pending.done ?? 0} of ${pending.total} photos done; search uses ${model.name} until it is complete.`);
  } else ctx.err(`Model ${model.name} (${model.dim}-d)${model.device ? ` on ${model.device}` : ''}; library ${core.library.file}`);
  return pending;
}

export async function runIndex(ctx: CliContext): Promise<void> {
  // A bare `index` on a library that does not exist yet is a usage error, not a new empty library.
  if (ctx.positionals.length === 0 && !fs.existsSync(resolveLibraryFile(ctx.flags.library, ctx.env))) throw new UsageError(NO_FOLDERS);
  const core = openCore(ctx);
  const bar = new ProgressBar();
  const abort = new AbortController();
  // Ctrl+C stops after the batch in flight; everything committed so far is kept.
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    // Folder typos first, then the model (slow), then the progress bar: messages in the order they matter.
    const folders = foldersToIndex(ctx, core);
    await checkFolders(folders);
    const switching = await announce(ctx, core);
    const report = await core.index(folders, {
      signal: abort.signal,
      onProgress: ctx.flags.json ? undefined : (p) => bar.update(p),
    });
    bar.clear();
    if (ctx.flags.json) {
      const { indexed, unchanged, moved, removed, skipped, seconds } = report;
      ctx.out(JSON.stringify({ indexed, unchanged, moved, removed, skipped, seconds }));
    } else {
      for (const line of summary(report)) ctx.out(line);
      if (switching && core.pendingModelDir === null) ctx.out(`Switch complete: search now uses ${switching.name ?? switching.dir}.`);
      // After "Stopped early ... run again", the next step is that, not a search.
      if (!report.stopped && report.indexed + report.unchanged + report.moved > 0) ctx.out('Next: recollect search "what you are looking for"');
    }
  } finally {
    bar.clear();
    process.off('SIGINT', onSigint);
    await core.close();
  }
}
