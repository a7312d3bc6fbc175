/**
 * The upscale worker's program, as JavaScript source for `new Worker(source, { eval: true })`, and
 * the messages it exchanges with upscale-pool.ts.
 *
 * Why source text and not a worker file: the app runs from esbuild bundles (tools/build-electron.ts,
 * electron/cli/cli-bundle.js), where a separate worker .ts/.js path does not exist, and from the
 * TypeScript sources under tsx and vitest. The text is assembled from the live functions
 * (Function.prototype.toString), so it is the same code on every path and cannot drift from the
 * in-thread one. Each embedded function refers to nothing outside itself; their headers say so.
 * Must not import anything with side effects: the worker gets no module graph.
 */
import { bicubicResizeModule } from './bicubic-resize.js';
import { rgbToChw } from './normalize-pixels.js';
import { runUpscaleJob, type UpscaleJob } from './upscale-job.js';

export interface UpscaleRequest {
  id: number;
  job: UpscaleJob;
}

export type UpscaleReply = { id: number; pixels: Float32Array } | { id: number; error: string };

/** Replies come from another thread: checked, not trusted (conventions.md rule 4). */
export function isUpscaleReply(value: unknown): value is UpscaleReply {
  if (typeof value !== 'object' || value === null || !('id' in value) || typeof value.id !== 'number') return false;
  return ('pixels' in value && value.pixels instanceof Float32Array) || ('error' in value && typeof value.error === 'string');
}

/** The port side of the worker, as far as serveUpscaleJobs uses it. */
interface JobPort {
  on(event: 'message', listener: (request: UpscaleRequest) => void): unknown;
  postMessage(reply: UpscaleReply, transfer?: readonly ArrayBufferLike[]): void;
}

/**
 * Runs inside the worker: one job per message, in arrival order; the result's buffer is
 * transferred back, not copied (602 KB per 224 x 224 input). A job that throws is answered with
 * its message, and the worker goes on serving the next.
 */
function serveUpscaleJobs(port: JobPort, run: (job: UpscaleJob) => Float32Array): void {
  port.on('message', (request) => {
    let pixels: Float32Array;
    try {
      pixels = run(request.job);
    } catch (err) {
      port.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    port.postMessage({ id: request.id, pixels }, [pixels.buffer]);
  });
}

export function upscaleWorkerSource(): string {
  return [
    "'use strict';",
    // Under tsx (esbuild keepNames) function bodies call esbuild's __name helper; the bundles do not.
    'const __name = (target, value) => Object.defineProperty(target, "name", { value, configurable: true });',
    `const { bicubicResizeRgb } = (${bicubicResizeModule.toString()})();`,
    `const rgbToChw = (${rgbToChw.toString()});`,
    `const runUpscaleJob = (${runUpscaleJob.toString()});`,
    `const serveUpscaleJobs = (${serveUpscaleJobs.toString()});`,
    // import(), not require(): valid whether Node runs the text as a script or as an ES module.
    // Messages posted meanwhile wait in the port's queue.
    "import('node:worker_threads').then(({ parentPort }) => serveUpscaleJobs(parentPort, (job) => runUpscaleJob(job, { bicubicResizeRgb, rgbToChw })));",
  ].join('\n');
}
