/**
 * The slice of an ONNX Runtime session that the encoders use. onnxruntime-node's InferenceSession
 * satisfies it as is; unit tests pass fakes. Types only.
 */
import type { InferenceSession } from 'onnxruntime-node';

export interface TowerSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly InferenceSession.ValueMetadata[];
  run(feeds: InferenceSession.FeedsType): Promise<InferenceSession.ReturnType>;
  release(): Promise<void>;
}

/** The two towers of a CLIP model, always created together on one execution provider. */
export interface TowerSessions<S extends TowerSession = TowerSession> {
  readonly text: S;
  readonly vision: S;
}
