/**
 * Identifies a CLIP-family model folder in the Hugging Face / transformers.js ONNX layout
 * (architecture.md, "Models"; two tower files or one combined graph) without creating an ONNX
 * session (the onnxruntime-node module is still imported, by the families' encoders): validates every file up front with errors that name the file, picks the family by
 * config.json model_type (read-model-folder.ts), and computes the id stamped on its vectors from
 * the ONNX files' bytes (model-id.ts; by stat through a ModelHashCache when given one). The
 * sessions open on the first encode (onnx-clip-model.ts, clip-runtime.ts), so a rescan with
 * nothing to embed and `recollect status` never create them (issue 14, goals 4 and 5).
 * Composition root of embed/ for hosts that may not need to embed; load-clip-model.ts opens too.
 */
import { silentLogger, type Logger } from '../logger.js';
import type { ClipModel, LoadModelOptions } from './clip-model.js';
import { ClipRuntime } from './clip-runtime.js';
import { ImagePreprocessor } from './image-preprocessor.js';
import { onnxFilesOf } from './model-files.js';
import { hashFiles, modelId, modelName } from './model-id.js';
import { OnnxClipModel } from './onnx-clip-model.js';
import { inputSize } from './preprocess-settings.js';
import { readModelFolder } from './read-model-folder.js';
import { UpscalePool } from './upscale-pool.js';

export async function identifyClipModel(
  dir: string,
  options: LoadModelOptions = {},
  logger: Logger = silentLogger,
): Promise<ClipModel> {
  const started = performance.now();
  const quantized = options.quantized ?? false;
  const folder = await readModelFolder(dir, quantized);
  const files = onnxFilesOf(folder.onnx).map((file) => file.path);
  const sha256 = await (options.hashCache ? options.hashCache.hashFiles(files) : hashFiles(files));
  const model = new OnnxClipModel({
    id: modelId(sha256, quantized),
    name: modelName(dir, folder.config.configName),
    dir,
    dim: folder.config.projectionDim,
    quantized,
    languages: folder.family.languages,
    neutralPrompt: folder.config.neutralPrompt ?? folder.family.neutralPrompt,
    tokenizer: folder.tokenizer,
    preprocessor: new ImagePreprocessor(folder.preprocess, { upscalePool: upscalePoolFor(options.upscaleWorkers), logger }),
    imageSize: inputSize(folder.preprocess),
    runtime: new ClipRuntime(folder, { device: options.device ?? 'auto', threads: options.threads }, logger),
  });
  logger.info('model identified', { id: model.id, ms: Math.round(performance.now() - started) });
  return model;
}

/** Lazy: no thread starts until a small photo needs upscaling. */
function upscalePoolFor(workers: number | undefined): UpscalePool | null {
  return workers === 0 ? null : new UpscalePool({ size: workers });
}
