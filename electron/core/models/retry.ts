/**
 * Retries with exponential backoff for the downloader: network errors, 5xx and 429 are worth
 * another try (a flaky connection or a busy mirror); a refusal (401/403/404) or a hash mismatch is
 * not. Waiting respects the AbortSignal, so cancel never waits out a backoff.
 */
export interface RetryPolicy {
  /** Tries in all (the first one included). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

// 0.5, 1, 2, 4, 8 s: about 15 s of riding out an outage before saying so.
export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 8000 };

/** A failure another try may fix. `detail` is safe to show (no token, no signed URL). */
export class RetryableError extends Error {
  constructor(readonly detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = 'RetryableError';
  }
}

export function backoffDelay(policy: RetryPolicy, failedAttempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryHooks {
  signal?: AbortSignal;
  onRetry?: (error: RetryableError, attempt: number, delayMs: number) => void;
}

/** Runs `work` until it succeeds, fails with a non-retryable error, or the attempts run out. */
export async function withRetry<T>(work: (attempt: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (err) {
      if (!(err instanceof RetryableError) || hooks.signal?.aborted || attempt >= policy.attempts) throw err;
      const delay = backoffDelay(policy, attempt);
      hooks.onRetry?.(err, attempt, delay);
      await sleep(delay, hooks.signal);
    }
  }
}
