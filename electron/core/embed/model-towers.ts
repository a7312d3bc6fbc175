/**
 * A model folder's towers as encoders: the family's text and image encoders over the opened
 * sessions (tower files, or the two views of a combined graph), and the probe (fixed text + fixed
 * image) that both verifies the output size against config.json and serves as the GPU self-check
 * input. Failures that are the folder's fault become MODEL_INVALID naming the ONNX file.
 */
import { CoreError, describeError } from '../core-error.js';
import { checkCombinedGraph, dummyPixelFeeds, textTowerView, visionTowerView } from './combined-graph.js';
import type { ImageTowerEncoder, TextTowerEncoder } from './model-family.js';
import { invalidFileError, type ModelFile } from './model-files.js';
import { inputSize } from './preprocess-settings.js';
import type { ModelFolder } from './read-model-folder.js';
import { SELF_CHECK_TEXT, selfCheckPixels } from './self-check-inputs.js';
import { towerFile, type TowerSessions } from './tower-sessions.js';

export interface TowerEncoders {
  textEncoder: TextTowerEncoder;
  imageEncoder: ImageTowerEncoder;
}

export function buildEncoders(folder: ModelFolder, sessions: TowerSessions): TowerEncoders {
  const { family, tokenizer } = folder;
  const dim = folder.config.projectionDim;
  const size = inputSize(folder.preprocess);
  if (sessions.kind === 'towers') {
    return {
      textEncoder: blame(folder, towerFile(folder.onnx, 'text'), () =>
        family.createTextEncoder(sessions.text, { tokenizer, dim }),
      ),
      imageEncoder: blame(folder, towerFile(folder.onnx, 'vision'), () =>
        family.createImageEncoder(sessions.vision, { size, dim }),
      ),
    };
  }
  return blame(folder, towerFile(folder.onnx, 'text'), () => {
    checkCombinedGraph(sessions.model);
    const textEncoder = family.createTextEncoder(textTowerView(sessions.model, dummyPixelFeeds(size)), { tokenizer, dim });
    // A one-token text, fed exactly as the family feeds the inputs this graph lists.
    const dummyText = textEncoder.feeds([[tokenizer.padId]]);
    const imageEncoder = family.createImageEncoder(visionTowerView(sessions.model, dummyText), { size, dim });
    return { textEncoder, imageEncoder };
  });
}

/** Embeds the fixed self-check text and image: [text, image]. */
export async function probeTowers(folder: ModelFolder, sessions: TowerSessions): Promise<Float32Array[]> {
  const { textEncoder, imageEncoder } = buildEncoders(folder, sessions);
  const { width, height } = inputSize(folder.preprocess);
  const [text] = await blameAsync(folder, towerFile(folder.onnx, 'text'), () =>
    textEncoder.encode([folder.tokenizer.tokenize(SELF_CHECK_TEXT)]),
  );
  const [image] = await blameAsync(folder, towerFile(folder.onnx, 'vision'), () =>
    imageEncoder.encode([selfCheckPixels(width, height)]),
  );
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
