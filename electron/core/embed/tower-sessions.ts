/**
 * The ONNX sessions of a model folder, one file at a time: a tower file (text or vision) or the
 * combined graph that holds both (model-files.ts, OnnxLayout). Each tower file opens on its own,
 * when that tower is first needed (clip-runtime.ts): a text search never loads the vision file.
 * On CPU a load failure means the file itself is bad, so it becomes MODEL_INVALID naming the file;
 * a GPU provider's own failure is left as is, to be recorded as that provider's reason
 * (select-execution-provider.ts).
 */
import { CoreError, describeError } from '../core-error.js';
import { createSession } from '../onnx/create-session.js';
import { CPU_PROVIDER } from '../onnx/execution-providers.js';
import type { OnnxSession } from '../onnx/onnx-session.js';
import { invalidFileError, type ModelFile, type OnnxLayout } from './model-files.js';

export type Tower = 'text' | 'vision';

/** What one session of a folder holds: one tower file, or the combined graph (both towers). */
export type SessionPart = Tower | 'combined';

/** The part that serves `tower` in this layout. */
export function partFor(layout: OnnxLayout, tower: Tower): SessionPart {
  return layout.kind === 'combined' ? 'combined' : tower;
}

/** The towers a part serves. */
export function towersOf(part: SessionPart): readonly Tower[] {
  return part === 'combined' ? ['text', 'vision'] : [part];
}

export async function openPartSession(
  dir: string,
  layout: OnnxLayout,
  part: SessionPart,
  provider: string,
  threads: number | undefined,
): Promise<OnnxSession> {
  const file = part === 'combined' ? towerFile(layout, 'text') : towerFile(layout, part);
  try {
    return await createSession(file.path, provider, { threads });
  } catch (err) {
    if (provider !== CPU_PROVIDER || err instanceof CoreError) throw err;
    throw invalidFileError(dir, file.name, `ONNX Runtime cannot load it (${describeError(err)})`, err);
  }
}

/** The file a tower's failure is blamed on: its own file, or the combined graph. */
export function towerFile(layout: OnnxLayout, tower: Tower): ModelFile {
  if (layout.kind === 'combined') return layout.model;
  return tower === 'text' ? layout.text : layout.vision;
}
