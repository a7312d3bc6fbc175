/**
 * Turns one WorkerRequest into one WorkerResponse against an ApiService. Only contract methods and
 * the internal 'asset:resolve' are callable; anything else is an INVALID_ARGUMENT answer, never a
 * property lookup on the service. Payloads were validated by main (the receiving side of IPC);
 * the worker is only ever spoken to by main.
 */
import { API_METHODS } from '../contract/channels.js';
import { isErrorCode, type ApiErrorDto } from '../contract/errors.js';
import { CoreError, describeError } from '../core/core-error.js';
import type { ApiService } from '../service/api-service.js';
import type { WorkerRequest, WorkerResponse } from '../contract/worker-protocol.js';
import { isPhotoAssetKind, isPhotoId } from '../contract/photo-asset.js';

const KNOWN_METHODS: ReadonlySet<string> = new Set(API_METHODS);

export function toApiErrorDto(err: unknown): ApiErrorDto {
  if (err instanceof CoreError) return { code: err.code, message: err.message };
  if (typeof err === 'object' && err !== null && 'code' in err && isErrorCode(err.code)) {
    return { code: err.code, message: describeError(err) };
  }
  return { code: 'INTERNAL', message: describeError(err) };
}


export type ServiceProvider = () => ApiService;

export function createWorkerDispatcher(service: ServiceProvider): (request: WorkerRequest) => Promise<WorkerResponse> {
  const call = async (request: WorkerRequest): Promise<unknown> => {
    const { method, args } = request;
    if (method === 'asset:resolve') {
      const [kind, id] = args;
      if (!isPhotoAssetKind(kind) || !isPhotoId(id)) {
        throw new CoreError('INVALID_ARGUMENT', 'asset:resolve expects (thumb|preview|full, integer id)');
      }
      return service().assets.resolve(kind, id);
    }
    if (!KNOWN_METHODS.has(method)) throw new CoreError('INVALID_ARGUMENT', `Unknown method ${method}`);
    const fn: unknown = service()[method];
    if (typeof fn !== 'function') throw new CoreError('INTERNAL', `The engine has no ${method}`);
    const result: unknown = await fn(...args);
    // undefined cannot be told apart from a missing field once cloned; void methods answer null.
    return result === undefined ? null : result;
  };
  return async (request) => {
    try {
      return { id: request.id, ok: true, result: await call(request) };
    } catch (err) {
      return { id: request.id, ok: false, error: toApiErrorDto(err) };
    }
  };
}
