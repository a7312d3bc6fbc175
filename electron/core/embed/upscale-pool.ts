/**
 * A small pool of worker threads that upscale small photos (upscale-job.ts) off the calling
 * thread. Measured on 2 vCPU: the exact JS bicubic took ~7 ms per 224 x 224 input and rgbToChw
 * ~1 ms, about a third of indexing time on small files, all of it on the main thread.
 *
 * Lazy: no thread starts before the first job, and a second only while the first is busy.
 * Workers hold the process open only while they have jobs (unref'd when idle), so a CLI command
 * exits as soon as its work is done. dispose() terminates them. A worker that fails (it could not
 * start, or died) fails the pool for good, with UpscaleWorkerError: the caller then does the work
 * itself (image-preprocessor.ts). A job that throws rejects that job only, with the worker's message.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { UpscaleJob } from './upscale-job.js';
import { isUpscaleReply, upscaleWorkerSource, type UpscaleRequest } from './upscale-worker-source.js';

/** The worker itself failed or the pool was disposed: the job was not run, and may be run elsewhere. */
export class UpscaleWorkerError extends Error {
  override readonly name = 'UpscaleWorkerError';
}

export interface UpscalePoolOptions {
  /** Most worker threads; default defaultUpscaleWorkers(). */
  size?: number;
  /** The worker's program; default upscaleWorkerSource(). Tests pass a broken one. */
  source?: string;
}

/**
 * Half the cores, 1 to 2: ONNX Runtime's intra-op threads and sharp's libuv decodes share the same
 * cores while indexing, and one worker already takes the upscaling off the main thread.
 */
export function defaultUpscaleWorkers(parallelism: number = os.availableParallelism()): number {
  return Math.min(2, Math.max(1, Math.floor(parallelism / 2)));
}

interface Pending {
  resolve: (pixels: Float32Array) => void;
  reject: (err: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class UpscalePool {
  readonly #size: number;
  readonly #source: string;
  #workers: PoolWorker[] = [];
  #nextId = 1;
  #closed: UpscaleWorkerError | null = null;

  constructor(options: UpscalePoolOptions = {}) {
    this.#size = Math.max(1, Math.floor(options.size ?? defaultUpscaleWorkers()));
    this.#source = options.source ?? upscaleWorkerSource();
  }

  /** Threads running now (0 until the first job). */
  get threadCount(): number {
    return this.#workers.length;
  }

  /** The model input for `job`. `job.rgb`'s buffer is transferred when it owns it whole (detached here). */
  upscale(job: UpscaleJob): Promise<Float32Array> {
    if (this.#closed) return Promise.reject(this.#closed);
    let target: PoolWorker;
    try {
      target = this.#pickWorker();
    } catch (err) {
      this.#fail(err);
      return Promise.reject(this.#closed ?? new UpscaleWorkerError('the upscale worker did not start'));
    }
    const id = this.#nextId++;
    const rgb = ownsWholeBuffer(job.rgb) ? job.rgb : new Uint8Array(job.rgb);
    return new Promise<Float32Array>((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      if (target.pending.size === 1) target.worker.ref();
      const request: UpscaleRequest = { id, job: { ...job, rgb } };
      target.worker.postMessage(request, [rgb.buffer]);
    });
  }

  async dispose(): Promise<void> {
    if (!this.#closed) this.#closed = new UpscaleWorkerError('the upscale pool was disposed');
    const workers = this.#workers;
    this.#workers = [];
    for (const w of workers) rejectAll(w, this.#closed);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  /** The least busy worker, starting another while every running one has work and there is room. */
  #pickWorker(): PoolWorker {
    let best: PoolWorker | undefined;
    for (const w of this.#workers) if (!best || w.pending.size < best.pending.size) best = w;
    if (best && (best.pending.size === 0 || this.#workers.length >= this.#size)) return best;
    return this.#startWorker();
  }

  #startWorker(): PoolWorker {
    // execArgv: [] so the worker does not inherit the host's flags: `--input-type=module` would make
    // the source an ES module, and `--import tsx` would load a TypeScript loader it does not need.
    const entry: PoolWorker = { worker: new Worker(this.#source, { eval: true, execArgv: [] }), pending: new Map() };
    entry.worker.unref();
    entry.worker.on('message', (reply: unknown) => this.#settle(entry, reply));
    entry.worker.on('error', (err) => this.#fail(err));
    entry.worker.on('exit', (code) => {
      if (this.#workers.includes(entry)) this.#fail(new Error(`it exited with code ${code}`));
    });
    this.#workers.push(entry);
    return entry;
  }

  #settle(entry: PoolWorker, reply: unknown): void {
    if (!isUpscaleReply(reply)) {
      this.#fail(new Error('it sent a malformed reply'));
      return;
    }
    const pending = entry.pending.get(reply.id);
    if (!pending) return;
    entry.pending.delete(reply.id);
    if (entry.pending.size === 0) entry.worker.unref();
    if ('pixels' in reply) pending.resolve(reply.pixels);
    else pending.reject(new Error(`upscale worker: ${reply.error}`));
  }

  /** Any worker failure closes the pool: every worker runs the same program, so a retry would fail alike. */
  #fail(cause: unknown): void {
    if (this.#closed) return;
    const reason = cause instanceof Error ? cause.message : String(cause);
    this.#closed = new UpscaleWorkerError(`the upscale worker failed: ${reason}`, { cause });
    const workers = this.#workers;
    this.#workers = [];
    for (const w of workers) {
      rejectAll(w, this.#closed);
      void w.worker.terminate();
    }
  }
}

function rejectAll(entry: PoolWorker, err: Error): void {
  const pending = [...entry.pending.values()];
  entry.pending.clear();
  for (const p of pending) p.reject(err);
}

/** Transferring a view of a shared or pooled buffer would detach bytes that are not the job's. */
function ownsWholeBuffer(view: Uint8Array): view is Uint8Array<ArrayBuffer> {
  return view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
}
