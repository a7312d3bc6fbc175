/**
 * Validates the arguments of a RecollectApi call at a process boundary (Electron IPC handler,
 * browser host) before the engine sees them. Shared by the Electron main process and
 * electron/serve, so both reject exactly the same payloads.
 * Boundary module: imports zod, contract and its own schemas only; never core, service or 'electron'.
 */
import type { z } from 'zod';
import type { RecollectApi, RecollectMethod } from '../contract/api.js';
import { API_METHODS } from '../contract/channels.js';
import type { ApiErrorDto } from '../contract/errors.js';
import { API_ARG_SCHEMAS } from './api-arg-schemas.js';

const METHOD_SET: ReadonlySet<string> = new Set(API_METHODS);

/** Thrown for a payload that does not match the contract; hosts send `toDto()` to the caller. */
export class InvalidArgumentError extends Error {
  readonly code = 'INVALID_ARGUMENT' as const;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidArgumentError';
  }

  toDto(): ApiErrorDto {
    return { code: this.code, message: this.message };
  }
}

/** True only for the contract's method names (never for inherited names such as "constructor"). */
export function isRecollectMethod(name: string): name is RecollectMethod {
  return METHOD_SET.has(name);
}

export function parseApiArgs<M extends RecollectMethod>(method: M, args: unknown): Parameters<RecollectApi[M]> {
  if (!isRecollectMethod(method)) throw new InvalidArgumentError(`Unknown method "${String(method)}".`);
  if (!Array.isArray(args)) throw new InvalidArgumentError(`${method}: arguments must be a list.`);
  // Annotated so TypeScript keeps the link between M and its schema's output.
  const schema: z.ZodType<Parameters<RecollectApi[M]>> = API_ARG_SCHEMAS[method];
  const result = schema.safeParse(args);
  if (!result.success) {
    // One line a developer can act on; no input values echoed back (they may be long or private).
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at args.${issue.path.join('.')}` : '';
    throw new InvalidArgumentError(`${method}: invalid arguments${where}: ${issue?.message ?? 'does not match the contract'}.`);
  }
  return result.data;
}

/** Validates an untrusted method name and its arguments in one step (HTTP path segment, IPC channel). */
export function parseApiCall(name: string, args: unknown): { method: RecollectMethod; args: unknown[] } {
  if (!isRecollectMethod(name)) throw new InvalidArgumentError(`Unknown method "${name.slice(0, 64)}".`);
  return { method: name, args: parseApiArgs(name, args) };
}
