/**
 * Typed errors raised by the core. Hosts turn them into `{ code, message }` at the edge
 * (conventions.md rule 5). The message is written for the person using the app: what
 * happened and, where possible, what to do next.
 */
import type { ErrorCode } from '../contract/errors.js';

export class CoreError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoreError';
    this.code = code;
  }
}

/** Narrow an unknown thrown value to a one-line human message. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
