/**
 * Creates one ONNX Runtime session for a model file on one execution provider. The only module
 * that calls onnxruntime-node's InferenceSession.create; knows nothing about what the graph computes.
 */
import * as ort from 'onnxruntime-node';
import { CPU_PROVIDER } from './execution-providers.js';
import { describeProviderFailure, providerLabel, ProviderUnavailableError } from './provider-failure.js';
import { probeProvider, type ProbeResult } from './provider-probe.js';
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

// One child-process probe per GPU provider and process: its outcome does not change while we run.
const probes = new Map<string, Promise<ProbeResult>>();

/** A GPU provider is tried in a child first (provider-probe.ts): its native stderr never reaches ours. */
async function checkGpuProvider(modelPath: string, provider: string): Promise<void> {
  // Checked before ORT is asked, so a missing driver gives a reason instead of native noise.
  const missing = missingPrerequisite(provider);
  if (missing) throw new ProviderUnavailableError(`${providerLabel(provider)} cannot start: ${missing}`);
  let probe = probes.get(provider);
  if (!probe) probes.set(provider, (probe = probeProvider(modelPath, provider)));
  const result = await probe;
  if (!result.ok) {
    const detail = [result.message, result.nativeOutput].filter(Boolean).join('\n');
    throw new ProviderUnavailableError(describeProviderFailure(provider, detail), detail);
  }
}

/**
 * Rejects when the provider cannot work here (ProviderUnavailableError, in words) or the file
 * cannot be loaded (ORT's Error).
 */
export async function createSession(
  modelPath: string,
  provider: string,
  options: SessionOptions = {},
): Promise<ort.InferenceSession> {
  if (provider !== CPU_PROVIDER) await checkGpuProvider(modelPath, provider);
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
