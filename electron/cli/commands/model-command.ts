/**
 * `recollect model ...` (issue 12 item 6; the --json shapes are a contract):
 *   model list [--json]      { modelsDir, catalog: [{ id, name, repo, ..., bytes, state }],
 *                              installed: [{ id, dir, origin, bytesOnDisk, variants, vectors, active, pending, ... }] }
 *   model download <catalog id | owner/name[@revision]> [--quantized] [--endpoint URL] [--json]
 *                            { id, dir, files: [{ path, bytes, sha256 }], seconds }
 *   model remove <id> [--vectors] [--json]   { id, dir, bytesFreed, vectorsRemoved, vectorsKept }
 *   model import <folder> [--json]           { id, dir, files: [{ path, bytes, sha256 }] }
 * Models live in RECOLLECT_MODELS_DIR or <app data>/Recollect/models. Subcommands are a table:
 * `model use` (switching, with the background re-embed) is one more row.
 */
import { runModelUse } from './model-use-command.js';
import fs from 'node:fs';
import { ModelManager } from '../../core/models/model-manager.js';
import { listModels, type LibraryModelUse, type ModelListing } from '../../core/models/model-listing.js';
import { resolveLibraryFile } from '../../paths/library-location.js';
import { resolveModelsDir } from '../../paths/models-location.js';
import { UsageError } from '../cli-args.js';
import { openCore, type CliContext } from '../cli-context.js';
import { formatDownloadProgress } from '../model-progress.js';
import { ProgressBar } from '../progress-bar.js';
import { formatBytes } from '../sort-progress.js';

function managerFor(ctx: CliContext): ModelManager {
  return new ModelManager({ modelsDir: resolveModelsDir(ctx.env), env: ctx.env, logger: ctx.logger });
}

function needArg(ctx: CliContext, usage: string): string {
  const arg = ctx.positionals[1];
  if (arg === undefined) throw new UsageError(`model ${ctx.positionals[0] ?? ''} needs an argument: recollect ${usage}`);
  return arg;
}

/** The library's vectors and chosen models, when there is a library (listing never creates one). */
async function withLibraryUse<T>(ctx: CliContext, fn: (use: LibraryModelUse, core: ReturnType<typeof openCore> | null) => Promise<T>): Promise<T> {
  if (!fs.existsSync(resolveLibraryFile(ctx.flags.library, ctx.env))) return fn({ stats: null, activeDir: null, pendingDir: null }, null);
  const core = openCore(ctx);
  try {
    const s = core.status();
    return await fn({ stats: s.stats, activeDir: s.modelDir, pendingDir: s.pendingModelDir }, core);
  } finally {
    await core.close();
  }
}

function printListing(ctx: CliContext, listing: ModelListing): void {
  ctx.out(`Catalog (download with: recollect model download <id> [--quantized])`);
  for (const m of listing.catalog) {
    const sizes = `${formatBytes(m.bytes.fp32)}${m.bytes.quantized ? `, int8 ${formatBytes(m.bytes.quantized)}` : ''}`;
    ctx.out(`  ${m.id.padEnd(38)} ${m.state.padEnd(9)} ${m.name}, ${m.languages.join('+')}, ${m.speed}/${m.quality}, ${sizes}${m.recommended ? '  (recommended)' : ''}`);
    ctx.out(`  ${''.padEnd(38)} ${m.pickWhen}`);
  }
  ctx.out(`Installed in ${listing.modelsDir}`);
  if (listing.installed.length === 0) ctx.out('  none yet');
  for (const m of listing.installed) {
    const variants = [m.variants.fp32 ? 'fp32' : null, m.variants.quantized ? 'int8' : null].filter(Boolean).join('+');
    const vectors = [m.vectors.fp32 !== null ? `${m.vectors.fp32} fp32` : null, m.vectors.quantized !== null ? `${m.vectors.quantized} int8` : null].filter(Boolean).join(', ');
    const state = m.active ? '  [active]' : m.pending ? '  [switching to]' : '';
    ctx.out(`  ${m.id.padEnd(38)} ${formatBytes(m.bytesOnDisk)} (${variants}) from ${m.origin}; library vectors: ${vectors || 'none'}${state}`);
  }
}

async function list(ctx: CliContext): Promise<void> {
  const listing = await withLibraryUse(ctx, (use) => listModels(managerFor(ctx), use));
  if (ctx.flags.json) ctx.out(JSON.stringify(listing));
  else printListing(ctx, listing);
}

async function download(ctx: CliContext): Promise<void> {
  const spec = needArg(ctx, 'model download <catalog id | owner/name[@revision]>');
  const manager = managerFor(ctx);
  const bar = ctx.flags.json ? null : new ProgressBar();
  const controller = new AbortController();
  // Ctrl-C stops cleanly: what arrived stays staged and the next run resumes it.
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const request = spec.includes('/') ? { repo: spec } : { id: spec };
    const result = await manager.download(
      { ...request, quantized: ctx.flags.quantized ?? false, endpoint: ctx.flags.endpoint },
      { signal: controller.signal, onProgress: (p) => bar?.draw(() => formatDownloadProgress(p), p.bytesDone < p.bytesTotal) },
    );
    bar?.clear();
    if (ctx.flags.json) {
      ctx.out(JSON.stringify({ id: result.id, dir: result.dir, files: result.files, seconds: Number(result.seconds.toFixed(3)) }));
      return;
    }
    const bytes = result.files.reduce((s, f) => s + f.bytes, 0);
    ctx.out(`Installed ${result.id} (${formatBytes(bytes)}, ${result.files.length} files verified) in ${result.dir} in ${result.seconds.toFixed(1)} s.`);
    ctx.out(`Use it: recollect index <folder> --model ${result.dir}${ctx.flags.quantized ? ' --quantized' : ''}`);
  } finally {
    bar?.clear();
    process.removeListener('SIGINT', onSigint);
  }
}

async function remove(ctx: CliContext): Promise<void> {
  const id = needArg(ctx, 'model remove <id> [--vectors]');
  const vectors = ctx.flags.vectors ?? false;
  const result = await withLibraryUse(ctx, (use, core) =>
    managerFor(ctx).remove(id, { vectors, library: core?.library, inUse: [use.activeDir, use.pendingDir] }),
  );
  if (ctx.flags.json) {
    ctx.out(JSON.stringify({ id, dir: result.model.dir, bytesFreed: result.model.bytesOnDisk, vectorsRemoved: result.vectorsRemoved, vectorsKept: result.vectorsKept }));
    return;
  }
  ctx.out(`Removed ${id} (${formatBytes(result.model.bytesOnDisk)} freed).`);
  if (vectors) ctx.out(`Removed ${result.vectorsRemoved} library vectors made with it.${result.vectorsKept > 0 ? ` Kept ${result.vectorsKept} that another installed model with the same files uses.` : ''}`);
  else ctx.out('Its library vectors are kept: they answer again if you install it again (remove with --vectors to delete them too).');
}

async function importFolder(ctx: CliContext): Promise<void> {
  const from = needArg(ctx, 'model import <folder>');
  const { dir, manifest } = await managerFor(ctx).importFolder(from);
  if (ctx.flags.json) ctx.out(JSON.stringify({ id: manifest.id, dir, files: manifest.files }));
  else ctx.out(`Imported ${from} as ${manifest.id} in ${dir}.`);
}

const SUBCOMMANDS: Record<string, (ctx: CliContext) => Promise<void>> = {
  list,
  download,
  remove,
  import: importFolder,
  // Switching, with the background re-embed that `recollect index` carries out (model-use-command.ts).
  use: (ctx) => runModelUse({ ...ctx, positionals: ctx.positionals.slice(1) }),
};

export async function runModel(ctx: CliContext): Promise<void> {
  const sub = ctx.positionals[0];
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run) throw new UsageError(`model needs one of: ${Object.keys(SUBCOMMANDS).join(', ')} (got ${sub ? `"${sub}"` : 'nothing'})`);
  await run(ctx);
}
