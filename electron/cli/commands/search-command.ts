/**
 * `recollect search "<query>"` and `recollect similar <photo>`.
 * --json prints { query, hits: [{ path, score }], cutoff, notes?, answeredBy: { id, name, dir } } (--all: no cut-off applied; notes: see
 * core/search/query-language-note.ts).
 */
import type { RecollectCore } from '../../core/create-core.js';
import { CoreError } from '../../core/core-error.js';
import type { AnsweredSearch } from '../../core/model-switch.js';
import type { SearchOptions } from '../../core/search/search-service.js';
import { positiveInt, UsageError } from '../cli-args.js';
import { openCore, type CliContext } from '../cli-context.js';
import { parseDateFlag } from '../parse-date.js';
import { errorMessage } from '../../contract/error-message.js';

function searchOptions(ctx: CliContext): SearchOptions {
  const options: SearchOptions = { k: positiveInt(ctx.flags.k, '-k') ?? 20, all: ctx.flags.all ?? false };
  if (ctx.flags.folder) options.folder = ctx.flags.folder;
  try {
    if (ctx.flags.after) options.after = parseDateFlag(ctx.flags.after, '--after');
    if (ctx.flags.before) options.before = parseDateFlag(ctx.flags.before, '--before');
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
  return options;
}

function print(ctx: CliContext, result: AnsweredSearch, pendingDir: string | null): void {
  if (ctx.flags.json) {
    const hits = result.hits.map((h) => ({ path: h.photo.path, score: Number(h.score.toFixed(6)) }));
    const { hidden, moreHidden, negatives } = result;
    ctx.out(JSON.stringify({ query: result.query, hits, cutoff: ctx.flags.all ? null : result.cutoff, hidden, moreHidden, negatives, ...(result.notes ? { notes: result.notes } : {}), answeredBy: result.answeredBy }));
    return;
  }
  // During a switch the answer comes from the previous model: say so, it explains the results.
  if (pendingDir) ctx.out(`Note: answered by ${result.answeredBy.name}; the switch to ${pendingDir} finishes with: recollect index`);
  for (const note of result.notes ?? []) ctx.out(`Note: ${note.message}`);
  result.hits.forEach((h, i) => ctx.out(`${String(i + 1).padStart(3)}. ${h.score.toFixed(3)}  ${h.photo.path}`));
  // Say what each negative term did, also when it did nothing (issue 13, defect 9).
  for (const n of result.negatives) ctx.out(`-${n.term} removed ${n.removed} ${n.removed === 1 ? 'photo' : 'photos'}.`);
  const cut = result.cutoff === null ? '' : ` (relevance cut-off ${result.cutoff.toFixed(3)})`;
  const weaker = `${result.hidden}${result.moreHidden ? '+' : ''} weaker ${result.hidden === 1 && !result.moreHidden ? 'match' : 'matches'}`;
  if (result.hits.length === 0) {
    const none = result.kind === 'image' ? 'No other photo looks much like this one' : 'No good matches';
    ctx.out(`${none}${cut}.` + (result.hidden > 0 ? ` ${weaker} hidden: add --all to see them.` : ''));
  } else if (result.hidden > 0) {
    ctx.out(`${result.hits.length} matches${cut}; ${weaker} hidden: add --all to see them.`);
  }
}

/** An empty library gets the next step, not a model error or an empty result list. */
function requirePhotos(core: RecollectCore): void {
  if (core.status().stats.indexed === 0) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `The library ${core.library.file} has no photos yet. Add some first: recollect index <folder> --model <model folder>`,
    );
  }
}

export async function runSearch(ctx: CliContext): Promise<void> {
  const query = ctx.positionals.join(' ').trim();
  if (!query) throw new UsageError('search needs a description: recollect search "dog on a beach"');
  const options = searchOptions(ctx);
  const core = openCore(ctx);
  try {
    requirePhotos(core);
    print(ctx, await core.searchText(query, options), core.pendingModelDir);
  } finally {
    await core.close();
  }
}

export async function runSimilar(ctx: CliContext): Promise<void> {
  const photo = ctx.positionals[0];
  if (!photo || ctx.positionals.length > 1) throw new UsageError('similar needs one photo: recollect similar ~/Pictures/dog.jpg');
  const options = searchOptions(ctx);
  const core = openCore(ctx);
  try {
    requirePhotos(core);
    print(ctx, await core.similarTo(photo, options), core.pendingModelDir);
  } finally {
    await core.close();
  }
}
