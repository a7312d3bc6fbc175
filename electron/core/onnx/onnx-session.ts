/**
 * The slice of an ONNX Runtime session that Recollect's networks use (CLIP towers, style networks).
 * onnxruntime-node's InferenceSession satisfies it as is; unit tests pass fakes. Types only.
 */
import type { InferenceSession } from 'onnxruntime-node';

export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly InferenceSession.ValueMetadata[];
  run(feeds: InferenceSession.FeedsType): Promise<InferenceSession.ReturnType>;
  release(): Promise<void>;
}
