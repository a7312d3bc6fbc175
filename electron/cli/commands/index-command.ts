/**
 * `recollect index <folder...>`: progress bar on a terminal, a summary with skipped files at the end;
 * --json prints one object { indexed, unchanged, moved, removed, skipped: [{path, reason}], seconds }.
 */
import type { IndexReport } from '../../core/indexer/index-report.js';
import { checkFolders } from '../../core/indexer/indexer.js';
import { UsageError } from '../cli-args.js';
import { openCore, type CliContext } from '../cli-context.js';
import { ProgressBar } from '../progress-bar.js';

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

export async function runIndex(ctx: CliContext): Promise<void> {
  if (ctx.positionals.length === 0) throw new UsageError('index needs at least one folder: recollect index ~/Pictures');
  const core = openCore(ctx);
  const bar = new ProgressBar();
  const abort = new AbortController();
  // Ctrl+C stops after the batch in flight; everything committed so far is kept.
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    // Folder typos first, then the model (slow), then the progress bar: messages in the order they matter.
    await checkFolders(ctx.positionals);
    const model = await core.model();
    if (!ctx.flags.json) ctx.err(`Model ${model.name} (${model.dim}-d) on ${model.device}; library ${core.library.file}`);
    const report = await core.index(ctx.positionals, {
      signal: abort.signal,
      onProgress: ctx.flags.json ? undefined : (p) => bar.update(p),
    });
    bar.clear();
    if (ctx.flags.json) {
      const { indexed, unchanged, moved, removed, skipped, seconds } = report;
      ctx.out(JSON.stringify({ indexed, unchanged, moved, removed, skipped, seconds }));
    } else {
      for (const line of summary(report)) ctx.out(line);
      // After "Stopped early ... run again", the next step is that, not a search.
      if (!report.stopped && report.indexed + report.unchanged + report.moved > 0) ctx.out('Next: recollect search "what you are looking for"');
    }
  } finally {
    bar.clear();
    process.off('SIGINT', onSigint);
    await core.close();
  }
}
