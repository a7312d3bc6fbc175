/**
 * Loads a CLIP model folder in the Hugging Face / transformers.js ONNX layout (architecture.md,
 * "Models") into a ClipModel: validates every file up front with errors that name the file,
 * builds the tokenizer and preprocessor from the folder's configs, picks an execution provider
 * (select-execution-provider.ts) and checks the towers' output size against config.json.
 * Composition root of embed/; hosts call it, nothing here reads process-wide settings but the platform.
 */
import { CoreError, describeError } from '../core-error.js';
import { silentLogger, type Logger } from '../logger.js';
import type { ClipModel, LoadModelOptions } from './clip-model.js';
import { ClipImageEncoder } from './clip-image-encoder.js';
import { ClipTextEncoder } from './clip-text-encoder.js';
import { CPU_PROVIDER } from './execution-providers.js';
import { ImagePreprocessor } from './image-preprocessor.js';
import { readModelFolder, type ModelFolder } from './read-model-folder.js';
import { hashFiles, modelId, modelName } from './model-id.js';
import { invalidFileError } from './model-files.js';
import { OnnxClipModel } from './onnx-clip-model.js';
import { createOrtSession, releaseTowerSessions } from './ort-sessions.js';
import { selectExecutionProvider } from './select-execution-provider.js';
import { SELF_CHECK_TEXT, selfCheckPixels } from './self-check-inputs.js';
import type { TowerSessions } from './tower-session.js';
import { cosineSimilarity } from './vector-math.js';
import { inputSize } from './preprocess-settings.js';

interface Encoders {
  text: ClipTextEncoder;
  image: ClipImageEncoder;
}

export async function loadClipModel(
  dir: string,
  options: LoadModelOptions = {},
  logger: Logger = silentLogger,
): Promise<ClipModel> {
  const started = performance.now();
  const quantized = options.quantized ?? false;
  const folder = await readModelFolder(dir, quantized);
  const hashing = hashFiles([folder.onnx.vision.path, folder.onnx.text.path]);
  hashing.catch(() => {}); // awaited below; avoid an unhandled rejection while sessions load
  const probe = (sessions: TowerSessions): Promise<Float32Array[]> => probeTowers(folder, sessions);
  const selection = await selectExecutionProvider(options.device ?? 'auto', process.platform, {
    create: (provider) => createSessions(folder, provider, options.threads),
    selfCheck: async (candidate, cpu) => minCosine(await probe(candidate), await probe(cpu)),
    release: releaseTowerSessions,
    logger,
  });
  try {
    // Runs once on the chosen sessions: proves the output size equals projection_dim before any vector is stored.
    await probe(selection.sessions);
    const name = modelName(dir, folder.config.configName);
    const model = new OnnxClipModel({
      id: modelId(name, await hashing, quantized),
      name,
      dir,
      dim: folder.config.projectionDim,
      quantized,
      device: selection.provider,
      providerAttempts: selection.attempts,
      tokenizer: folder.tokenizer,
      preprocessor: new ImagePreprocessor(folder.preprocess),
      imageSize: inputSize(folder.preprocess),
      ...encoderParts(buildEncoders(folder, selection.sessions)),
      sessions: selection.sessions,
    });
    logger.info('model loaded', { id: model.id, device: model.device, ms: Math.round(performance.now() - started) });
    return model;
  } catch (err) {
    await releaseTowerSessions(selection.sessions);
    throw err;
  }
}

function encoderParts(encoders: Encoders): { textEncoder: ClipTextEncoder; imageEncoder: ClipImageEncoder } {
  return { textEncoder: encoders.text, imageEncoder: encoders.image };
}

/** One session per tower; on CPU a load failure means the file itself is bad, so name it. */
async function createSessions(folder: ModelFolder, provider: string, threads: number | undefined): Promise<TowerSessions> {
  const open = async (file: { name: string; path: string }) => {
    try {
      return await createOrtSession(file.path, provider, { threads });
    } catch (err) {
      if (provider !== CPU_PROVIDER) throw err;
      throw invalidFileError(folder.dir, file.name, `ONNX Runtime cannot load it (${describeError(err)})`, err);
    }
  };
  const vision = await open(folder.onnx.vision);
  try {
    return { vision, text: await open(folder.onnx.text) };
  } catch (err) {
    await vision.release();
    throw err;
  }
}

function buildEncoders(folder: ModelFolder, sessions: TowerSessions): Encoders {
  const dim = folder.config.projectionDim;
  return {
    text: blameFile(folder, folder.onnx.text.name, () =>
      new ClipTextEncoder(sessions.text, { padId: folder.tokenizer.padId, dim }),
    ),
    image: blameFile(folder, folder.onnx.vision.name, () =>
      new ClipImageEncoder(sessions.vision, { size: inputSize(folder.preprocess), dim }),
    ),
  };
}

/** Embeds the fixed self-check text and image; shape problems become MODEL_INVALID naming the file. */
async function probeTowers(folder: ModelFolder, sessions: TowerSessions): Promise<Float32Array[]> {
  const encoders = buildEncoders(folder, sessions);
  const { width, height } = inputSize(folder.preprocess);
  const [text] = await blameFile(folder, folder.onnx.text.name, () =>
    encoders.text.encode([folder.tokenizer.tokenize(SELF_CHECK_TEXT)]),
  );
  const [image] = await blameFile(folder, folder.onnx.vision.name, () =>
    encoders.image.encode([selfCheckPixels(width, height)]),
  );
  if (!text || !image) throw new CoreError('INTERNAL', 'probe returned no embedding');
  return [text, image];
}

function minCosine(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  return Math.min(...a.map((v, i) => cosineSimilarity(v, b[i] ?? new Float32Array(v.length))));
}

/** Runs `work`; a plain Error from it (sync or async) becomes MODEL_INVALID naming `file`. */
function blameFile<T>(folder: ModelFolder, file: string, work: () => T): T {
  const blame = (err: unknown): never => {
    if (err instanceof CoreError) throw err;
    throw invalidFileError(folder.dir, file, describeError(err), err);
  };
  try {
    const result = work();
    return (result instanceof Promise ? result.catch(blame) : result) as T;
  } catch (err) {
    return blame(err);
  }
}
