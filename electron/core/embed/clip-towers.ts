/**
 * The two ONNX towers of a model folder on one execution provider: opening their sessions,
 * wrapping them in encoders, and the probe (fixed text + fixed image) that both verifies the
 * output size against config.json and serves as the GPU self-check input. Failures that are the
 * folder's fault become MODEL_INVALID naming the ONNX file.
 */
import { CoreError, describeError } from '../core-error.js';
import { ClipImageEncoder } from './clip-image-encoder.js';
import { ClipTextEncoder } from './clip-text-encoder.js';
import { CPU_PROVIDER } from './execution-providers.js';
import { invalidFileError } from './model-files.js';
import { createOrtSession } from './ort-sessions.js';
import { inputSize } from './preprocess-settings.js';
import type { ModelFile, ModelFolder } from './read-model-folder.js';
import { SELF_CHECK_TEXT, selfCheckPixels } from './self-check-inputs.js';
import type { TowerSessions } from './tower-session.js';

export interface ClipEncoders {
  textEncoder: ClipTextEncoder;
  imageEncoder: ClipImageEncoder;
}

/** One session per tower; on CPU a load failure means the file itself is bad, so name it. */
export async function openTowerSessions(
  folder: ModelFolder,
  provider: string,
  threads: number | undefined,
): Promise<TowerSessions> {
  const open = async (file: ModelFile) => {
    try {
      return await createOrtSession(file.path, provider, { threads });
    } catch (err) {
      if (provider !== CPU_PROVIDER) throw err; // a GPU provider's own failure: recorded as its reason
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

export function buildEncoders(folder: ModelFolder, sessions: TowerSessions): ClipEncoders {
  const dim = folder.config.projectionDim;
  return {
    textEncoder: blame(folder, folder.onnx.text, () =>
      new ClipTextEncoder(sessions.text, { padId: folder.tokenizer.padId, dim }),
    ),
    imageEncoder: blame(folder, folder.onnx.vision, () =>
      new ClipImageEncoder(sessions.vision, { size: inputSize(folder.preprocess), dim }),
    ),
  };
}

/** Embeds the fixed self-check text and image: [text, image]. */
export async function probeTowers(folder: ModelFolder, sessions: TowerSessions): Promise<Float32Array[]> {
  const { textEncoder, imageEncoder } = buildEncoders(folder, sessions);
  const { width, height } = inputSize(folder.preprocess);
  const [text] = await blameAsync(folder, folder.onnx.text, () =>
    textEncoder.encode([folder.tokenizer.tokenize(SELF_CHECK_TEXT)]),
  );
  const [image] = await blameAsync(folder, folder.onnx.vision, () => imageEncoder.encode([selfCheckPixels(width, height)]));
  if (!text || !image) throw new CoreError('INTERNAL', 'the probe returned no embedding');
  return [text, image];
}

function toModelError(folder: ModelFolder, file: ModelFile, err: unknown): CoreError {
  return err instanceof CoreError ? err : invalidFileError(folder.dir, file.name, describeError(err), err);
}

function blame<T>(folder: ModelFolder, file: ModelFile, work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw toModelError(folder, file, err);
  }
}

async function blameAsync<T>(folder: ModelFolder, file: ModelFile, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toModelError(folder, file, err);
  }
}
