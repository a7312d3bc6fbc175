/**
 * `recollect model use <id|dir> [--json]`: chooses the library's model without losing search.
 * id = a folder name under the models folder (paths/models-folder.ts), dir = a path.
 * A model whose vectors are complete answers at once; otherwise it becomes the pending model, the
 * previous one keeps answering, and `recollect index` (or the app) re-embeds the library with it,
 * pausable and resumable, until it takes over in one transaction.
 * --json prints { model: {id, name, dir}, active, answeredBy: {id, name, dir} | null, done, total }
 * (done of total: indexed photos that have a vector from the chosen model).
 * Called by the `model` command's dispatcher with the positionals after "use".
 */
import { CoreError } from '../../core/core-error.js';
import type { RecollectCore } from '../../core/create-core.js';
import { refOf, type ModelRef } from '../../core/model-switch.js';
import { modelsFolder, resolveModelRef } from '../../paths/models-folder.js';
import { UsageError } from '../cli-args.js';
import { openCore, parseDevice, type CliContext } from '../cli-context.js';

export interface ModelUseJson {
  model: ModelRef;
  active: boolean;
  answeredBy: ModelRef | null;
  done: number;
  total: number;
}

/** The model that answers now, or null when none can (no model yet, or its folder is gone). */
async function answering(core: RecollectCore): Promise<ModelRef | null> {
  const slot = core.activeSlot();
  return slot ? refOf(slot).catch(() => null) : null;
}

async function choose(core: RecollectCore, dir: string, ctx: CliContext): Promise<ModelUseJson> {
  const device = parseDevice(ctx.flags.device ?? ctx.env.RECOLLECT_DEVICE);
  const { active } = await core.useModel(dir, { device, quantized: ctx.flags.quantized ?? false });
  const chosen = core.slotFor(dir, { device, quantized: ctx.flags.quantized ?? false });
  const vectors = await chosen.vectors();
  const total = core.library.photos.indexedCount();
  return { model: await refOf(chosen), active, answeredBy: await answering(core), done: total - vectors.missing(), total };
}

function describe(r: ModelUseJson): string[] {
  const name = `${r.model.name} (${r.model.id})`;
  if (!r.active) {
    return [
      `Re-embedding the library with ${name}: ${r.done} of ${r.total} photos done.`,
      `Search keeps using ${r.answeredBy?.name ?? 'the previous model'} until it is complete; then ${r.model.name} takes over.`,
      'Continue with: recollect index   (Ctrl+C pauses; run it again to go on)',
    ];
  }
  if (r.total === 0) return [`Now using ${name}.`, 'Next: recollect index <folder>'];
  if (r.done < r.total) return [`Now using ${name}; ${r.total - r.done} of ${r.total} photos still need its vectors.`, 'Next: recollect index'];
  return [`Now searching with ${name}: all ${r.total} photos already have its vectors, nothing to re-embed.`];
}

export async function runModelUse(ctx: CliContext): Promise<void> {
  const [ref, ...extra] = ctx.positionals;
  if (!ref || extra.length > 0) throw new UsageError('model use needs one model: recollect model use <id|folder>');
  if (ctx.flags.model) throw new UsageError('model use takes the model as its argument, not --model: recollect model use <id|folder>');
  const dir = resolveModelRef(ref, ctx.env);
  if (!dir) {
    throw new CoreError('FOLDER_NOT_FOUND', `No model called "${ref}": it is neither a folder in ${modelsFolder(ctx.env)} nor a model folder path.`);
  }
  // The library's own choice is what changes: RECOLLECT_MODEL would pin this run to another model.
  const core = openCore({ ...ctx, env: { ...ctx.env, RECOLLECT_MODEL: undefined } });
  try {
    const result = await choose(core, dir, ctx);
    if (ctx.flags.json) ctx.out(JSON.stringify(result));
    else for (const line of describe(result)) ctx.out(line);
  } finally {
    await core.close();
  }
}
