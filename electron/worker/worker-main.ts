/**
 * Entry of the engine worker, started by main with utilityProcess.fork. Owns the one ApiService
 * (SQLite, ONNX, sharp: the CPU-heavy and crash-prone native work), answers contract calls that
 * arrive on process.parentPort and forwards the service's events. A native crash here ends only
 * this process; main notices, restarts it and tells the renderer (workerRestarted).
 *
 * Imports core/service, never 'electron' (a utility process has no main-process modules) and
 * never main or preload.
 */
import path from 'node:path';
import { EVENT_NAMES } from '../contract/channels.js';
import type { HostCapabilitiesDto } from '../contract/dto.js';
import { CoreError } from '../core/core-error.js';
import type { Logger } from '../core/logger.js';
import { resolveLibraryFile } from '../paths/library-location.js';
import { resolveModelsDir } from '../paths/models-location.js';
import { createApiService, type ApiService } from '../service/api-service.js';
import type { HostAdapter } from '../service/host-adapter.js';
import { createWorkerDispatcher, toApiErrorDto } from './worker-dispatch.js';
import { isWorkerRequest, type WorkerEvent, type WorkerResponse } from '../contract/worker-protocol.js';

interface ParentPortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

function isParentPort(port: unknown): port is ParentPortLike {
  return typeof port === 'object' && port !== null && 'on' in port && typeof port.on === 'function' && 'postMessage' in port && typeof port.postMessage === 'function';
}

function parentPortOf(proc: NodeJS.Process): ParentPortLike {
  const port: unknown = Reflect.get(proc, 'parentPort');
  if (isParentPort(port)) return port;
  throw new Error('worker-main must be started with Electron utilityProcess.fork (no process.parentPort)');
}

/** Dialogs and shell actions need the main process: main answers these methods itself. */
const electronHostAdapter: HostAdapter = {
  capabilities: { host: 'electron', pickFolder: true, shellActions: true } satisfies HostCapabilitiesDto,
  pickFolder: () => Promise.reject(new CoreError('INTERNAL', 'pickFolder is answered by the main process')),
  reveal: () => Promise.reject(new CoreError('INTERNAL', 'revealPhoto is answered by the main process')),
  open: () => Promise.reject(new CoreError('INTERNAL', 'openPhoto is answered by the main process')),
};

const stderrLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, fields) => console.warn(`recollect worker: ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`recollect worker: ${message}`, fields ?? ''),
};

function main(): void {
  const port = parentPortOf(process);
  // Same library as the CLI: RECOLLECT_LIBRARY, else <appData>/Recollect/library.db (= app.getPath('userData')).
  const libraryFile = resolveLibraryFile(undefined, process.env);
  let service: ApiService | null = null;
  const getService = (): ApiService => {
    if (!service) {
      service = createApiService({
        libraryFile,
        // main passes the cache folder it will serve photo:// files from; the default is the same place.
        cacheDir: process.env.RECOLLECT_CACHE_DIR || path.join(path.dirname(libraryFile), 'cache'),
        host: electronHostAdapter,
        modelDir: process.env.RECOLLECT_MODEL || undefined,
        modelsDir: resolveModelsDir(process.env),
        env: process.env,
        logger: stderrLogger,
        // The app keeps up with new, changed, moved and deleted photos while it runs (issue 13).
        watch: true,
      });
      for (const event of EVENT_NAMES) {
        service.events.on(event, (payload) => port.postMessage({ event, payload } satisfies WorkerEvent));
      }
    }
    return service;
  };
  const dispatch = createWorkerDispatcher(getService);
  port.on('message', ({ data }) => {
    if (!isWorkerRequest(data)) return;
    void dispatch(data).then(
      (response) => port.postMessage(response),
      (err: unknown) => port.postMessage({ id: data.id, ok: false, error: toApiErrorDto(err) } satisfies WorkerResponse),
    );
  });
  const shutdown = () => {
    const s = service;
    service = null;
    void (s ? s.close() : Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
}

main();
