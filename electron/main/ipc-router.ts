/**
 * Typed IPC: one ipcMain.handle per contract method (channel `recollect:<method>`). Each call is
 * checked at the receiving side, in this order: sender (our window's main frame, our page), then
 * payload (electron/validation's zod schemas), then dispatched to a main-side handler (dialogs,
 * shell) or to the engine worker. The answer is an envelope, because Electron's invoke keeps only
 * an Error's message: { ok: true, result } | { ok: false, error: ApiErrorDto }. The preload unwraps it.
 */
import type { IpcMain } from 'electron';
import type { RecollectMethod } from '../contract/api.js';
import { API_METHODS, invokeChannel } from '../contract/channels.js';
import { errorMessage } from '../contract/error-message.js';
import type { ApiErrorDto } from '../contract/errors.js';
import { InvalidArgumentError, parseApiArgs } from '../validation/index.js';
import { isTrustedSender, type SenderLike, type TrustedWindowLike } from './ipc-sender.js';
import { WorkerCallError } from './worker-host.js';

export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: ApiErrorDto };

export type MainHandlers = Partial<Record<RecollectMethod, (...args: never[]) => Promise<unknown>>>;

export interface IpcRouterOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  trustedWindow: () => TrustedWindowLike | null;
  worker: { call(method: RecollectMethod, args: unknown[]): Promise<unknown> };
  /** Methods main answers itself (pickFolder, revealPhoto, openPhoto). */
  mainHandlers: MainHandlers;
  log?: (message: string) => void;
}

export function toIpcError(err: unknown): ApiErrorDto {
  if (err instanceof WorkerCallError) return err.dto;
  if (err instanceof InvalidArgumentError) return err.toDto();
  return { code: 'INTERNAL', message: errorMessage(err) };
}

/** The handler body for one method, separate from ipcMain so tests call it directly. */
export function createIpcHandler(method: RecollectMethod, options: Omit<IpcRouterOptions, 'ipcMain'>) {
  return async (event: SenderLike, ...rawArgs: unknown[]): Promise<IpcEnvelope> => {
    if (!isTrustedSender(event, options.trustedWindow())) {
      options.log?.(`refused ${method} from an untrusted sender (${event.senderFrame?.url ?? 'no frame'})`);
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'This page may not call Recollect.' } };
    }
    try {
      const args: unknown[] = parseApiArgs(method, rawArgs);
      const own = options.mainHandlers[method];
      // parseApiArgs(method) returned exactly this method's parameters, but TypeScript cannot tie a
      // runtime method name to its tuple type, so the handler is called through the erased signature.
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- args were parsed for `method` just above
      const result = own ? await (own as (...a: unknown[]) => Promise<unknown>)(...args) : await options.worker.call(method, args);
      return { ok: true, result: result === undefined ? null : result };
    } catch (err) {
      return { ok: false, error: toIpcError(err) };
    }
  };
}

export function registerIpc(options: IpcRouterOptions): () => void {
  for (const method of API_METHODS) {
    options.ipcMain.handle(invokeChannel(method), createIpcHandler(method, options));
  }
  return () => {
    for (const method of API_METHODS) options.ipcMain.removeHandler(invokeChannel(method));
  };
}
