/**
 * Loads a CLIP-family model folder in the Hugging Face / transformers.js ONNX layout (architecture.md,
 * "Models"; two tower files or one combined graph) into a ClipModel: validates every file up front
 * with errors that name the file and picks the family by config.json model_type
 * (read-model-folder.ts), picks an execution provider with a CPU self-check
 * (select-execution-provider.ts), and checks the towers' output size against config.json before
 * any vector can be stored. Composition root of embed/: hosts call it.
 */
import { silentLogger, type Logger } from '../logger.js';
import { selectExecutionProvider } from '../onnx/select-execution-provider.js';
import type { ClipModel, LoadModelOptions } from './clip-model.js';
import { ImagePreprocessor } from './image-preprocessor.js';
import { onnxFilesOf } from './model-files.js';
import { hashFiles, modelId, modelName } from './model-id.js';
import { buildEncoders, probeTowers } from './model-towers.js';
import { OnnxClipModel } from './onnx-clip-model.js';
import { inputSize } from './preprocess-settings.js';
import { readModelFolder } from './read-model-folder.js';
import { openTowerSessions, releaseTowerSessions } from './tower-sessions.js';
import { UpscalePool } from './upscale-pool.js';
import { cosineSimilarity } from './vector-math.js';

export async function loadClipModel(
  dir: string,
  options: LoadModelOptions = {},
  logger: Logger = silentLogger,
): Promise<ClipModel> {
  const started = performance.now();
  const quantized = options.quantized ?? false;
  const folder = await readModelFolder(dir, quantized);
  // Hash while the sessions load; awaited below (the no-op catch only avoids an unhandled rejection meanwhile).
  const hashing = hashFiles(onnxFilesOf(folder.onnx).map((file) => file.path));
  hashing.catch(() => {});
  const selection = await selectExecutionProvider(options.device ?? 'auto', process.platform, {
    create: (provider) => openTowerSessions(dir, folder.onnx, provider, options.threads),
    selfCheck: async (candidate, cpu) => minCosine(await probeTowers(folder, candidate), await probeTowers(folder, cpu)),
    release: releaseTowerSessions,
    logger,
  });
  try {
    // Proves the output size equals projection_dim (and warms the sessions) before any vector is stored.
    await probeTowers(folder, selection.sessions);
    const name = modelName(dir, folder.config.configName);
    const model = new OnnxClipModel({
      id: modelId(await hashing, quantized),
      name,
      dir,
      dim: folder.config.projectionDim,
      quantized,
      device: selection.provider,
      providerAttempts: selection.attempts,
      languages: folder.family.languages,
      tokenizer: folder.tokenizer,
      preprocessor: new ImagePreprocessor(folder.preprocess, { upscalePool: upscalePoolFor(options.upscaleWorkers), logger }),
      imageSize: inputSize(folder.preprocess),
      ...buildEncoders(folder, selection.sessions),
      sessions: selection.sessions,
    });
    logger.info('model loaded', { id: model.id, device: model.device, ms: Math.round(performance.now() - started) });
    return model;
  } catch (err) {
    await releaseTowerSessions(selection.sessions);
    throw err;
  }
}

/** Lazy: no thread starts until a small photo needs upscaling. */
function upscalePoolFor(workers: number | undefined): UpscalePool | null {
  return workers === 0 ? null : new UpscalePool({ size: workers });
}

function minCosine(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  return Math.min(...a.map((v, i) => cosineSimilarity(v, b[i] ?? new Float32Array(v.length))));
}
