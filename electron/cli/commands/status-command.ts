/**
 * `recollect status`: library path, counts, the model (identified from its files: no ONNX session
 * is opened, so `device` is null and `attempts` empty) and, with --probe, the device it runs on and
 * why GPU was not used; and a model switch under way: --json adds `pending: { dir, id, name, done, total } | null`
 * (done of total indexed photos have a vector from the pending model) and `pendingError`.
 */
import { openCore, type CliContext } from '../cli-context.js';
import { errorMessage } from '../../contract/error-message.js';
import type { SwitchProgress } from '../../core/model-switch.js';

export async function runStatus(ctx: CliContext): Promise<void> {
  const core = openCore(ctx);
  try {
    const status = core.status();
    let model: { id: string; name: string; dim: number; device: string | null; attempts: { provider: string; ok: boolean; reason?: string }[] } | null = null;
    let modelError: string | null = null;
    if (status.modelDir) {
      try {
        const m = await core.model();
        // The sessions open on the first search or index that embeds; --probe opens them here, to
        // show the device and why a GPU was not used.
        if (ctx.flags.probe) await m.openSessions();
        model = { id: m.id, name: m.name, dim: m.dim, device: m.device, attempts: [...m.providerAttempts] };
      } catch (err) {
        modelError = errorMessage(err);
      }
    }
    let pending: SwitchProgress | null = null;
    let pendingError: string | null = null;
    if (status.pendingModelDir) {
      try {
        pending = await core.loadPending();
      } catch (err) {
        pendingError = errorMessage(err);
      }
    }
    const folders = core.library.folders.list().map((f) => ({ path: f.path, photos: f.photos }));
    if (ctx.flags.json) {
      ctx.out(JSON.stringify({ library: status.libraryFile, modelDir: status.modelDir, model, modelError, pending, pendingError, folders, ...status.stats }));
      return;
    }
    const s = status.stats;
    ctx.out(`Library  ${status.libraryFile}`);
    ctx.out(`Photos   ${s.photos} (${s.indexed} indexed, ${s.skipped} skipped)`);
    for (const f of folders) ctx.out(`Folder   ${f.path} (${f.photos} photos)`);
    if (!status.modelDir) ctx.out('Model    none chosen: pass --model <folder> to index or search');
    else if (model) {
      ctx.out(`Model    ${model.name} (${model.id}, ${model.dim}-d) from ${status.modelDir}`);
      const failed = model.attempts.filter((a) => !a.ok).map((a) => a.reason ?? `${a.provider} failed`);
      if (model.device === null) ctx.out('Device   not opened yet (at the first search or index that embeds; --probe opens it now)');
      else ctx.out(`Device   ${model.device}${failed.length > 0 ? ` (not used: ${failed.join('; ')})` : ''}`);
    } else ctx.out(`Model    ${status.modelDir}: ${modelError ?? 'not loaded'}`);
    if (pending) {
      ctx.out(`Pending  ${pending.name ?? pending.dir}: re-embedding, ${pending.done ?? 0} of ${pending.total} photos done (search uses the model above until it is complete; recollect index continues)`);
    } else if (status.pendingModelDir) ctx.out(`Pending  ${status.pendingModelDir}: ${pendingError ?? 'not loaded'}`);
    for (const m of s.models) ctx.out(`Vectors  ${m.vectors} from ${m.name} (${m.id})`);
  } finally {
    await core.close();
  }
}
