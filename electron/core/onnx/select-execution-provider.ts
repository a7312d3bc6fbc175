/**
 * Execution-provider selection. A provider list like ['webgpu', 'cpu'] does not fall back when
 * webgpu fails to initialise, it throws (ml-notes.md), so each provider gets its own sessions,
 * tried one at a time. A GPU provider is trusted only after a self-check: the same fixed input
 * embedded on it and on CPU must agree (cosine >= 0.999), since a provider can initialise and
 * still compute garbage. Every try is recorded so a user can see why GPU was not used.
 * Generic over what is created per provider (one session, a pair of towers, ...) and over the
 * self-check, which the caller supplies with its own fixed inputs; tested with fakes (no ONNX here).
 */
import { CoreError, describeError } from '../core-error.js';
import type { Logger } from '../logger.js';
import type { DeviceChoice } from './device-choice.js';
import { CPU_PROVIDER, gpuProvidersFor } from './execution-providers.js';
import type { ProviderAttempt } from './provider-attempt.js';
import { providerFailureOf, providerLabel } from './provider-failure.js';

export const SELF_CHECK_MIN_COSINE = 0.999;

export interface ProviderSelectionDeps<T> {
  /** Creates the caller's sessions on one provider; rejects when the provider cannot initialise. */
  create(provider: string): Promise<T>;
  /** Runs the caller's fixed inputs on both and returns the lowest cosine between their outputs. */
  selfCheck(candidate: T, cpu: T): Promise<number>;
  release(sessions: T): Promise<void>;
  logger: Logger;
}

export interface ProviderSelection<T> {
  provider: string;
  sessions: T;
  attempts: ProviderAttempt[];
}

/**
 * `gpuProviders` narrows the GPU providers tried (default: every one the platform bundles, in
 * order): a model's second tower tries only the provider its first tower chose (clip-runtime.ts).
 */
export async function selectExecutionProvider<T>(
  device: DeviceChoice,
  platform: NodeJS.Platform,
  deps: ProviderSelectionDeps<T>,
  gpuProviders: readonly string[] = gpuProvidersFor(platform),
): Promise<ProviderSelection<T>> {
  const attempts: ProviderAttempt[] = [];
  const record = (attempt: ProviderAttempt): void => {
    attempts.push(attempt);
    deps.logger.info(`execution provider ${attempt.provider}: ${attempt.ok ? 'ok' : 'rejected'}`, { ...attempt });
  };
  // Created at most once: it is the self-check reference and the fallback.
  let cpu: T | undefined;
  const cpuSessions = async (): Promise<T> => (cpu ??= await deps.create(CPU_PROVIDER));

  if (device !== 'cpu') {
    for (const provider of gpuProviders) {
      const sessions = await tryGpuProvider(provider, platform, deps, cpuSessions, record);
      if (sessions) {
        if (cpu !== undefined) await deps.release(cpu);
        return { provider, sessions, attempts };
      }
    }
  }
  if (device === 'gpu') {
    if (cpu !== undefined) await deps.release(cpu);
    throw noGpuError(platform, attempts);
  }
  const sessions = await cpuSessions();
  record({ provider: CPU_PROVIDER, ok: true });
  return { provider: CPU_PROVIDER, sessions, attempts };
}

async function tryGpuProvider<T>(
  provider: string,
  platform: NodeJS.Platform,
  deps: ProviderSelectionDeps<T>,
  cpuSessions: () => Promise<T>,
  record: (attempt: ProviderAttempt) => void,
): Promise<T | undefined> {
  let sessions: T;
  try {
    sessions = await deps.create(provider);
  } catch (err) {
    record({ provider, ok: false, ...providerFailureOf(provider, err, platform) });
    return undefined;
  }
  // A CPU failure is not this provider's fault (the model itself is broken): let it propagate.
  const reference = await cpuSessions().catch(async (err: unknown) => {
    await deps.release(sessions);
    throw err;
  });
  let cosine: number;
  try {
    cosine = await deps.selfCheck(sessions, reference);
  } catch (err) {
    await deps.release(sessions);
    const detail = describeError(err);
    record({ provider, ok: false, reason: `${providerLabel(provider, platform)} started but could not run the model`, detail });
    return undefined;
  }
  if (!(cosine >= SELF_CHECK_MIN_COSINE)) {
    await deps.release(sessions);
    const shown = Number.isFinite(cosine) ? cosine.toFixed(6) : String(cosine);
    const label = providerLabel(provider, platform);
    record({ provider, ok: false, cosine, reason: `${label} computes results that differ from the CPU's (agreement ${shown}, needs ${SELF_CHECK_MIN_COSINE})` });
    return undefined;
  }
  record({ provider, ok: true, cosine });
  return sessions;
}

function noGpuError(platform: NodeJS.Platform, attempts: readonly ProviderAttempt[]): CoreError {
  // Words only: the raw detail of each attempt stays in the model status ("details", --verbose).
  const reasons = attempts.map((a) => a.reason ?? `${a.provider} failed`).join('; ');
  const detail = reasons || `this build of ONNX Runtime has no GPU support on ${platform}`;
  return new CoreError('PROVIDER_FAILED', `No GPU works here: ${detail}. Choose the automatic or the CPU device to run on the processor.`);
}
