/**
 * Messages between the main process and the engine worker (utilityProcess, parentPort).
 * Types, type guards and contract constants only, so main can import it without pulling in the engine
 * (it lives in the contract because main may import nothing but the contract, validation and paths).
 *
 *   main -> worker: { id, method, args }                 one contract call (or an internal one)
 *   worker -> main: { id, ok: true, result }             its answer
 *                   { id, ok: false, error: ApiErrorDto }
 *                   { event, payload }                   a service event, forwarded as is
 */
import type { RecollectMethod } from './api.js';
import type { PhotoDto } from './dto.js';
import type { ApiErrorDto } from './errors.js';
import { EVENT_NAMES } from './channels.js';
import type { RecollectEventName } from './events.js';

/** Calls only main makes: the protocol handler asks for a cached thumbnail/preview file. */
export type InternalMethod = 'asset:resolve';
export type WorkerMethod = RecollectMethod | InternalMethod;

export interface WorkerRequest {
  id: number;
  method: WorkerMethod;
  args: unknown[];
}

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ApiErrorDto };

export interface WorkerEvent {
  event: RecollectEventName;
  payload: unknown;
}

/** What 'asset:resolve' answers: a file inside the cache folder, or null (not a servable photo). */
export interface AssetFile {
  file: string;
  mime: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isWorkerRequest(value: unknown): value is WorkerRequest {
  return isObject(value) && typeof value.id === 'number' && typeof value.method === 'string' && Array.isArray(value.args);
}

export function isWorkerResponse(value: unknown): value is WorkerResponse {
  if (!isObject(value) || typeof value.id !== 'number' || typeof value.ok !== 'boolean') return false;
  if (value.ok) return 'result' in value;
  return isObject(value.error) && typeof value.error.code === 'string' && typeof value.error.message === 'string';
}

const EVENT_SET: ReadonlySet<string> = new Set(EVENT_NAMES);

/** A forwarded service event; only the contract's event names pass (nothing else reaches the renderer). */
export function isWorkerEvent(value: unknown): value is WorkerEvent {
  return isObject(value) && typeof value.event === 'string' && EVENT_SET.has(value.event) && 'payload' in value;
}

export function isAssetFile(value: unknown): value is AssetFile {
  return isObject(value) && typeof value.file === 'string' && typeof value.mime === 'string';
}

/** Enough of a PhotoDto for main's shell actions (the path and name it opens or reveals). */
export function isPhotoDto(value: unknown): value is PhotoDto {
  return isObject(value) && typeof value.id === 'number' && typeof value.path === 'string' && typeof value.name === 'string';
}

/** Run numbers and target folders out of a listSortRuns answer from the worker (unknown until checked). */
export function sortRunTargets(value: unknown): { run: number; into: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((r: unknown) => (isObject(r) && typeof r.run === 'number' && typeof r.into === 'string' ? [{ run: r.run, into: r.into }] : []));
}
