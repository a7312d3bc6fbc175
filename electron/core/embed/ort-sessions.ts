/**
 * Creates the two ONNX Runtime sessions of a model on one execution provider. The only module
 * that calls onnxruntime-node's InferenceSession.create.
 */
import * as ort from 'onnxruntime-node';
import type { TowerSessions } from './tower-session.js';

export interface OrtSessionOptions {
  /** intraOpNumThreads; undefined leaves ORT's default. One thread was as fast as two for small models on 2 vCPUs (ml-notes.md). */
  threads?: number;
}

let runtimeQuieted = false;

/** Failed provider initialisations are expected during selection; keep them off the console. */
function quietRuntime(): void {
  if (runtimeQuieted) return;
  ort.env.logLevel = 'fatal';
  runtimeQuieted = true;
}

export async function createOrtSession(
  modelPath: string,
  provider: string,
  options: OrtSessionOptions,
): Promise<ort.InferenceSession> {
  quietRuntime();
  return ort.InferenceSession.create(modelPath, {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 4,
    // Inter-op parallelism only helps graphs with parallel branches; CLIP towers are sequential.
    interOpNumThreads: 1,
    ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
  });
}

export async function releaseTowerSessions(sessions: TowerSessions): Promise<void> {
  await Promise.all([sessions.text.release(), sessions.vision.release()]);
}
