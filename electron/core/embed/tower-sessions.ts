/**
 * The ONNX sessions of one model folder on one execution provider: one per tower file, or one for
 * a combined graph (model-files.ts, OnnxLayout). On CPU a load failure means the file itself is
 * bad, so it becomes MODEL_INVALID naming the file; a GPU provider's own failure is left as is,
 * to be recorded as that provider's reason (select-execution-provider.ts).
 */
import { CoreError, describeError } from '../core-error.js';
import { createSession } from '../onnx/create-session.js';
import { CPU_PROVIDER } from '../onnx/execution-providers.js';
import type { OnnxSession } from '../onnx/onnx-session.js';
import { invalidFileError, type ModelFile, type OnnxLayout } from './model-files.js';

export type TowerSessions =
  | { kind: 'towers'; text: OnnxSession; vision: OnnxSession }
  | { kind: 'combined'; model: OnnxSession };

export async function openTowerSessions(
  dir: string,
  layout: OnnxLayout,
  provider: string,
  threads: number | undefined,
): Promise<TowerSessions> {
  const open = async (file: ModelFile): Promise<OnnxSession> => {
    try {
      return await createSession(file.path, provider, { threads });
    } catch (err) {
      if (provider !== CPU_PROVIDER || err instanceof CoreError) throw err;
      throw invalidFileError(dir, file.name, `ONNX Runtime cannot load it (${describeError(err)})`, err);
    }
  };
  if (layout.kind === 'combined') return { kind: 'combined', model: await open(layout.model) };
  const vision = await open(layout.vision);
  try {
    return { kind: 'towers', vision, text: await open(layout.text) };
  } catch (err) {
    await vision.release();
    throw err;
  }
}

export async function releaseTowerSessions(sessions: TowerSessions): Promise<void> {
  if (sessions.kind === 'combined') await sessions.model.release();
  else await Promise.all([sessions.text.release(), sessions.vision.release()]);
}

/** The file a tower's failure is blamed on: its own file, or the combined graph. */
export function towerFile(layout: OnnxLayout, tower: 'text' | 'vision'): ModelFile {
  if (layout.kind === 'combined') return layout.model;
  return tower === 'text' ? layout.text : layout.vision;
}
