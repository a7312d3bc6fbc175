/**
 * A model folder's towers as encoders: the family's text or image encoder over one opened session
 * (a tower file, or both views of a combined graph), and the probe (fixed text and/or fixed image)
 * that both verifies the output size against config.json and serves as the GPU self-check input.
 * Failures that are the folder's fault become MODEL_INVALID naming the ONNX file.
 */
import { CoreError, describeError } from '../core-error.js';
import type { OnnxSession } from '../onnx/onnx-session.js';
import { checkCombinedGraph, dummyPixelFeeds, textTowerView, visionTowerView } from './combined-graph.js';
import type { ImageTowerEncoder, TextTowerEncoder } from './model-family.js';
import { invalidFileError, type ModelFile } from './model-files.js';
import { inputSize } from './preprocess-settings.js';
import type { ModelFolder } from './read-model-folder.js';
import { SELF_CHECK_TEXT, selfCheckPixels } from './self-check-inputs.js';
import { towerFile, type SessionPart } from './tower-sessions.js';

/** The encoders one session gives: the tower of its file, or both for a combined graph. */
export interface PartEncoders {
  textEncoder?: TextTowerEncoder;
  imageEncoder?: ImageTowerEncoder;
}

export function buildEncoders(folder: ModelFolder, part: SessionPart, session: OnnxSession): PartEncoders {
  const { family, tokenizer } = folder;
  const dim = folder.config.projectionDim;
  const size = inputSize(folder.preprocess);
  if (part === 'text') {
    return { textEncoder: blame(folder, towerFile(folder.onnx, 'text'), () => family.createTextEncoder(session, { tokenizer, dim })) };
  }
  if (part === 'vision') {
    return { imageEncoder: blame(folder, towerFile(folder.onnx, 'vision'), () => family.createImageEncoder(session, { size, dim })) };
  }
  return blame(folder, towerFile(folder.onnx, 'text'), () => {
    checkCombinedGraph(session);
    const textEncoder = family.createTextEncoder(textTowerView(session, dummyPixelFeeds(size)), { tokenizer, dim });
    // A one-token text, fed exactly as the family feeds the inputs this graph lists.
    const dummyText = textEncoder.feeds([[tokenizer.padId]]);
    const imageEncoder = family.createImageEncoder(visionTowerView(session, dummyText), { size, dim });
    return { textEncoder, imageEncoder };
  });
}

/** Embeds the fixed self-check text and/or image, for the encoders given: [text?, image?]. */
export async function probeEncoders(folder: ModelFolder, encoders: PartEncoders): Promise<Float32Array[]> {
  const { textEncoder, imageEncoder } = encoders;
  const { width, height } = inputSize(folder.preprocess);
  const out: Float32Array[] = [];
  if (textEncoder) {
    const [text] = await blameAsync(folder, towerFile(folder.onnx, 'text'), () =>
      textEncoder.encode([folder.tokenizer.tokenize(SELF_CHECK_TEXT)]),
    );
    if (!text) throw new CoreError('INTERNAL', 'the text probe returned no embedding');
    out.push(text);
  }
  if (imageEncoder) {
    const [image] = await blameAsync(folder, towerFile(folder.onnx, 'vision'), () =>
      imageEncoder.encode([selfCheckPixels(width, height)]),
    );
    if (!image) throw new CoreError('INTERNAL', 'the image probe returned no embedding');
    out.push(image);
  }
  return out;
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
