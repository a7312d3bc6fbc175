/**
 * One tower's view of a combined graph (`onnx/model.onnx`: inputs of both towers, outputs
 * `text_embeds` and `image_embeds`), so the family's encoders run on it as on a tower file.
 * Every run also feeds the other tower a one-item dummy batch: an empty batch fails in exported
 * vision towers (models.md, refcnclip-a: `pixel_values` [0,3,224,224] breaks a Reshape) and
 * `input_ids` [0, n] works only for n >= 1. The dummy tower's output is computed and ignored; at
 * one token or one image it costs little next to a real batch.
 */
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import type { OnnxSession } from '../onnx/onnx-session.js';

/** The vision input of a combined graph (transformers.js / Optimum exports). */
export const PIXEL_INPUT = 'pixel_values';

/** Throws a plain Error when the graph has no vision input or no other (text) input. */
export function checkCombinedGraph(session: OnnxSession): void {
  const textInputs = session.inputNames.filter((n) => n !== PIXEL_INPUT);
  if (!session.inputNames.includes(PIXEL_INPUT) || textInputs.length === 0) {
    throw new Error(
      `a combined model needs ${PIXEL_INPUT} and the text inputs (inputs: ${session.inputNames.join(', ')})`,
    );
  }
}

/** A one-image batch of zeros: the dummy the vision half gets while texts are encoded. */
export function dummyPixelFeeds(size: { width: number; height: number }): InferenceSession.FeedsType {
  const { width, height } = size;
  return { [PIXEL_INPUT]: new Tensor('float32', new Float32Array(3 * width * height), [1, 3, height, width]) };
}

/** The text tower: every input but pixel_values; runs add `dummyPixels`. */
export function textTowerView(session: OnnxSession, dummyPixels: InferenceSession.FeedsType): OnnxSession {
  return towerView(session, (name) => name !== PIXEL_INPUT, dummyPixels);
}

/** The vision tower: pixel_values only; runs add `dummyText` (built by the family for the text inputs the graph lists). */
export function visionTowerView(session: OnnxSession, dummyText: InferenceSession.FeedsType): OnnxSession {
  return towerView(session, (name) => name === PIXEL_INPUT, dummyText);
}

function towerView(
  session: OnnxSession,
  own: (inputName: string) => boolean,
  otherFeeds: InferenceSession.FeedsType,
): OnnxSession {
  return {
    inputNames: session.inputNames.filter(own),
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata.filter((m) => own(m.name)),
    run: (feeds) => session.run({ ...otherFeeds, ...feeds }),
    // The combined session is shared by both views; its owner releases it once.
    release: async () => {},
  };
}
