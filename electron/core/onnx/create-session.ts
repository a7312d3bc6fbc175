/**
 * Creates one ONNX Runtime session for a model file on one execution provider. The only module
 * that calls onnxruntime-node's InferenceSession.create; knows nothing about what the graph computes.
 */
import * as ort from 'onnxruntime-node';
import { missingPrerequisite } from './provider-prerequisites.js';

export interface SessionOptions {
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

/** Rejects with a plain Error when the provider cannot work here or cannot load the file. */
export async function createSession(
  modelPath: string,
  provider: string,
  options: SessionOptions = {},
): Promise<ort.InferenceSession> {
  // Checked before ORT is asked, so a missing driver gives a reason instead of native noise.
  const missing = missingPrerequisite(provider);
  if (missing) throw new Error(missing);
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
