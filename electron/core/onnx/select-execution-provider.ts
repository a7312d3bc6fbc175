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

export async function selectExecutionProvider<T>(
  device: DeviceChoice,
  platform: NodeJS.Platform,
  deps: ProviderSelectionDeps<T>,
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
    for (const provider of gpuProvidersFor(platform)) {
      const sessions = await tryGpuProvider(provider, deps, cpuSessions, record);
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
  deps: ProviderSelectionDeps<T>,
  cpuSessions: () => Promise<T>,
  record: (attempt: ProviderAttempt) => void,
): Promise<T | undefined> {
  let sessions: T;
  try {
    sessions = await deps.create(provider);
  } catch (err) {
    record({ provider, ok: false, reason: `cannot initialise: ${describeError(err)}` });
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
    record({ provider, ok: false, reason: `self-check failed to run: ${describeError(err)}` });
    return undefined;
  }
  if (!(cosine >= SELF_CHECK_MIN_COSINE)) {
    await deps.release(sessions);
    const shown = Number.isFinite(cosine) ? cosine.toFixed(6) : String(cosine);
    record({ provider, ok: false, cosine, reason: `self-check cosine vs CPU ${shown} < ${SELF_CHECK_MIN_COSINE}` });
    return undefined;
  }
  record({ provider, ok: true, cosine });
  return sessions;
}

function noGpuError(platform: NodeJS.Platform, attempts: readonly ProviderAttempt[]): CoreError {
  const reasons = attempts.map((a) => `${a.provider}: ${a.reason ?? 'failed'}`).join('; ');
  const detail = reasons || `onnxruntime-node has no GPU execution provider for ${platform}`;
  return new CoreError(
    'PROVIDER_FAILED',
    `No GPU execution provider works here (${detail}). Use device "auto" or "cpu" to run on the CPU.`,
  );
}
