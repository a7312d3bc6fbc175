/**
 * `POST /api/<method>` with body `{"args": [...]}` -> `{"ok": true, "result"}` or
 * `{"ok": false, "error": {"code", "message"}}`. The method name is checked against the contract's
 * list and the arguments against electron/validation before the service is called, so a
 * malformed request never reaches the engine.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isErrorCode, type ErrorCode } from '../contract/errors.js';
import type { Logger } from '../core/logger.js';
import { toDiskFullError } from '../core/store/disk-full.js';
import { InvalidArgumentError, isRecollectMethod, parseApiCall } from '../validation/index.js';
import { sendApiError, sendJson, statusForCode } from './http-replies.js';
import { BodyTooLargeError, readBody, RequestAbortedError } from './read-body.js';
import type { ServedService } from './served-service.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** CoreError and InvalidArgumentError carry a contract code; Node's own errors ('ENOENT') do not. */
function errorCodeOf(err: unknown): ErrorCode | null {
  if (!(err instanceof Error) || !('code' in err)) return null;
  return isErrorCode(err.code) ? err.code : null;
}

function parseEnvelope(body: Buffer): unknown {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InvalidArgumentError('The request body is not JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidArgumentError('The request body must be an object {"args": [...]}.');
  }
  const keys = Object.keys(json);
  if (!('args' in json) || keys.length !== 1) throw new InvalidArgumentError('The request body must be exactly {"args": [...]}.');
  return json.args;
}

/** Calls a validated method. The cast is safe: parseApiCall checked args against this method's schema. */
function invoke(service: ServedService, method: string & keyof ServedService, args: unknown[]): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- parseApiCall checked args against this method's schema; TypeScript cannot tie a runtime method name to its parameter list
  const fn = service[method] as (...a: unknown[]) => Promise<unknown>;
  return fn.apply(service, args);
}

export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  service: ServedService,
  logger: Logger,
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendApiError(res, 405, 'INVALID_ARGUMENT', 'API calls are POST requests.');
    return;
  }
  if (!isRecollectMethod(name)) {
    sendApiError(res, 404, 'INVALID_ARGUMENT', `Unknown method "${name.slice(0, 64)}".`);
    return;
  }
  let call: ReturnType<typeof parseApiCall>;
  try {
    const body = await readBody(req, MAX_BODY_BYTES);
    call = parseApiCall(name, parseEnvelope(body));
  } catch (err) {
    if (err instanceof RequestAbortedError) {
      logger.debug(`api ${name} aborted by the client`);
      return;
    }
    if (err instanceof BodyTooLargeError) {
      if (!res.destroyed) sendApiError(res, 413, 'INVALID_ARGUMENT', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      return;
    }
    if (err instanceof InvalidArgumentError) {
      sendApiError(res, 400, err.code, err.message);
      return;
    }
    throw err;
  }
  try {
    const result = await invoke(service, call.method, call.args);
    sendJson(res, 200, { ok: true, result: result ?? null });
  } catch (thrown) {
    // A full disk is the user's to fix, not a bug: say so instead of "something went wrong".
    const err = toDiskFullError(thrown) ?? thrown;
    const code = errorCodeOf(err);
    if (code) {
      sendApiError(res, statusForCode(code), code, err instanceof Error ? err.message : String(err));
      return;
    }
    // Unexpected: details go to the log, not to the page.
    logger.error(`api ${call.method} failed`, { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    sendApiError(res, 500, 'INTERNAL', 'Something went wrong in the engine; see the terminal running `recollect serve`.');
  }
}
