/**
 * Main's side of the engine worker: forks it, sends calls ({id, method, args}), matches answers,
 * forwards events, and restarts it when it dies.
 *
 * Restart policy: when the worker exits without being asked to, every call in flight rejects at
 * once with a clear INTERNAL error (the renderer may retry), a new worker is forked after a backoff
 * (250 ms doubling to 10 s; reset once a worker has stayed up for 30 s, so a crash loop does not
 * spin the CPU), calls made meanwhile wait for it, and onRestarted fires so the UI can say so and
 * reload its state. The fork function is injected: tests pass a fake, main passes utilityProcess.fork.
 */
import type { RecollectMethod } from '../contract/api.js';
import type { WorkerRestartedDto } from '../contract/dto.js';
import type { ApiErrorDto } from '../contract/errors.js';
import { isWorkerEvent, isWorkerResponse, type WorkerEvent, type WorkerMethod, type WorkerRequest } from '../contract/worker-protocol.js';

/** The part of Electron's UtilityProcess the host uses. */
export interface WorkerProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface WorkerHostOptions {
  fork: () => WorkerProcessLike;
  onEvent: (event: WorkerEvent) => void;
  onRestarted: (info: WorkerRestartedDto) => void;
  /** Delay before restart number `attempt` (0-based count of consecutive crashes). */
  backoffMs?: (attempt: number) => number;
  /** A worker that lived this long resets the crash count. */
  stableAfterMs?: number;
  now?: () => number;
}

/** A rejected worker call: carries the contract error for the IPC edge. */
export class WorkerCallError extends Error {
  constructor(readonly dto: ApiErrorDto) {
    super(dto.message);
    this.name = 'WorkerCallError';
  }
}

interface Pending {
  request: WorkerRequest;
  resolve: (value: unknown) => void;
  reject: (err: WorkerCallError) => void;
  sent: boolean;
}

export const defaultBackoffMs = (attempt: number): number => Math.min(250 * 2 ** attempt, 10_000);

export class WorkerHost {
  private worker: WorkerProcessLike | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private crashes = 0;
  private startedAt = 0;
  private stopped = false;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly backoffMs: (attempt: number) => number;
  private readonly stableAfterMs: number;
  private readonly now: () => number;

  constructor(private readonly options: WorkerHostOptions) {
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
    this.stableAfterMs = options.stableAfterMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.stopped = false;
    if (!this.worker && !this.restartTimer) this.spawn();
  }

  get running(): boolean {
    return this.worker !== null;
  }

  call(method: RecollectMethod | WorkerMethod, args: unknown[]): Promise<unknown> {
    if (this.stopped) return Promise.reject(new WorkerCallError({ code: 'INTERNAL', message: 'The engine has been shut down.' }));
    return new Promise((resolve, reject) => {
      const request: WorkerRequest = { id: this.nextId++, method, args };
      const entry: Pending = { request, resolve, reject, sent: false };
      this.pending.set(request.id, entry);
      // While a restart is pending the call waits; spawn() sends it.
      if (this.worker) this.send(entry);
    });
  }

  /** Stops the worker for good (app quit): no restart, calls reject. */
  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const w = this.worker;
    this.worker = null;
    this.rejectAll('The engine has been shut down.');
    w?.kill();
  }

  private send(entry: Pending): void {
    entry.sent = true;
    this.worker?.postMessage(entry.request);
  }

  private spawn(): void {
    const worker = this.options.fork();
    this.worker = worker;
    this.startedAt = this.now();
    worker.on('message', (message) => {
      if (worker !== this.worker) return;
      this.onMessage(message);
    });
    worker.on('exit', (code) => {
      if (worker !== this.worker) return;
      this.onExit(code);
    });
    for (const entry of this.pending.values()) if (!entry.sent) this.send(entry);
  }

  private onMessage(message: unknown): void {
    if (isWorkerResponse(message)) {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      this.pending.delete(message.id);
      if (message.ok) entry.resolve(message.result);
      else entry.reject(new WorkerCallError(message.error));
    } else if (isWorkerEvent(message)) {
      this.options.onEvent(message);
    }
  }

  private rejectAll(message: string): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(new WorkerCallError({ code: 'INTERNAL', message }));
  }

  private onExit(code: number): void {
    this.worker = null;
    if (this.stopped) return;
    const reason = `the engine process stopped unexpectedly (exit code ${code})`;
    this.rejectAll(`${reason[0]?.toUpperCase() ?? ''}${reason.slice(1)}; it is being restarted. Try again in a moment.`);
    if (this.now() - this.startedAt >= this.stableAfterMs) this.crashes = 0;
    const delay = this.backoffMs(this.crashes);
    this.crashes += 1;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopped) return;
      this.spawn();
      this.options.onRestarted({ reason });
    }, delay);
  }
}
