/**
 * The running half of a model folder: its ONNX sessions on the execution provider that passed the
 * CPU self-check (select-execution-provider.ts), the family's encoders over them, and the probe
 * that proves the towers' output size equals config.json's projection_dim before any vector is
 * stored. Opened on a model's first encode (onnx-clip-model.ts), not when it is identified
 * (identify-clip-model.ts): a rescan with nothing to embed and `recollect status` never pay for it.
 */
import type { Logger } from '../logger.js';
import type { DeviceChoice } from '../onnx/device-choice.js';
import type { ProviderAttempt } from '../onnx/provider-attempt.js';
import { selectExecutionProvider } from '../onnx/select-execution-provider.js';
import type { ImageTowerEncoder, TextTowerEncoder } from './model-family.js';
import { buildEncoders, probeTowers } from './model-towers.js';
import type { ModelFolder } from './read-model-folder.js';
import { openTowerSessions, releaseTowerSessions, type TowerSessions } from './tower-sessions.js';
import { cosineSimilarity } from './vector-math.js';

export interface ClipRuntime {
  /** Execution provider in use: 'cpu' | 'webgpu' | 'dml' | 'coreml'. */
  device: string;
  attempts: readonly ProviderAttempt[];
  textEncoder: TextTowerEncoder;
  imageEncoder: ImageTowerEncoder;
  sessions: TowerSessions;
}

export interface ClipRuntimeOptions {
  device: DeviceChoice;
  threads: number | undefined;
}

/** Rejects with the folder's MODEL_INVALID error (naming the ONNX file) when a tower cannot load or embed. */
export async function openClipRuntime(folder: ModelFolder, options: ClipRuntimeOptions, logger: Logger): Promise<ClipRuntime> {
  const selection = await selectExecutionProvider(options.device, process.platform, {
    create: (provider) => openTowerSessions(folder.dir, folder.onnx, provider, options.threads),
    selfCheck: async (candidate, cpu) => minCosine(await probeTowers(folder, candidate), await probeTowers(folder, cpu)),
    release: releaseTowerSessions,
    logger,
  });
  try {
    // Proves the output size equals projection_dim (and warms the sessions) before any vector is stored.
    await probeTowers(folder, selection.sessions);
    return { device: selection.provider, attempts: selection.attempts, ...buildEncoders(folder, selection.sessions), sessions: selection.sessions };
  } catch (err) {
    await releaseTowerSessions(selection.sessions);
    throw err;
  }
}

export function releaseClipRuntime(runtime: ClipRuntime): Promise<void> {
  return releaseTowerSessions(runtime.sessions);
}

function minCosine(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  return Math.min(...a.map((v, i) => cosineSimilarity(v, b[i] ?? new Float32Array(v.length))));
}
