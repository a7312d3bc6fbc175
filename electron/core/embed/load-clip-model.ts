/**
 * Loads a model folder whole: identifies it (identify-clip-model.ts) and opens its sessions at once,
 * provider self-check and output-size probe included (clip-runtime.ts), so every error a folder can
 * give is thrown here. For hosts that embed right away (`recollect embed`, benchmarks, parity tests)
 * and for choosing a model, where a broken folder must be refused before it is remembered.
 */
import { silentLogger, type Logger } from '../logger.js';
import type { ClipModel, LoadModelOptions } from './clip-model.js';
import { identifyClipModel } from './identify-clip-model.js';

export async function loadClipModel(dir: string, options: LoadModelOptions = {}, logger: Logger = silentLogger): Promise<ClipModel> {
  const started = performance.now();
  const model = await identifyClipModel(dir, options, logger);
  try {
    await model.openSessions();
  } catch (err) {
    await model.dispose();
    throw err;
  }
  logger.info('model loaded', { id: model.id, device: model.device, ms: Math.round(performance.now() - started) });
  return model;
}
