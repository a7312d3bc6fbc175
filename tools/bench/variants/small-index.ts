/**
 * Variant for small-image-bench.ts: createCore().index() of a folder of small photos on a fresh
 * library, the model loaded first (not timed). `--upscale-workers 0` forces the old path (the exact
 * bicubic on the main thread); `auto` is the product's default pool (upscale-pool.ts).
 * Reports files/s and the main thread's event-loop utilisation while indexing (how much of the
 * wall time the main thread was busy: what the pool takes off it).
 *
 * Args: --model DIR --photos DIR --threads N --upscale-workers 0|1|2|auto
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../../electron/core/create-core.js';
import { loadClipModel } from '../../../electron/core/embed/load-clip-model.js';
import { argValue, emitResult, measurePhase } from './variant-result.js';

const modelDir = argValue('model', '');
const photosDir = argValue('photos', '');
const threads = Number(argValue('threads', '2'));
const workersArg = argValue('upscale-workers', 'auto');
const upscaleWorkers = workersArg === 'auto' ? undefined : Number(workersArg);

const workDir = await mkdtemp(join(tmpdir(), 'recollect-small-bench-'));
const core = createCore({
  libraryFile: join(workDir, 'library.db'),
  modelDir,
  device: 'cpu',
  threads,
  loadModel: (dir, options, logger) => loadClipModel(dir, { ...options, upscaleWorkers }, logger),
});
try {
  await core.model();
  const elu0 = performance.eventLoopUtilization();
  const { value: report, stats } = await measurePhase(() => core.index([photosDir]));
  const elu = performance.eventLoopUtilization(elu0);
  if (report.indexed === 0 || report.skipped.length > 0) {
    throw new Error(`indexed ${report.indexed}, skipped ${JSON.stringify(report.skipped.slice(0, 3))}`);
  }
  emitResult({
    variant: 'small-index',
    upscaleWorkers: workersArg,
    files: report.indexed,
    wallMs: stats.wallMs,
    filesPerSecond: report.indexed / (stats.wallMs / 1000),
    cpuCores: stats.cpuMs / stats.wallMs,
    mainThreadBusy: elu.utilization,
  });
} finally {
  await core.close();
  await rm(workDir, { recursive: true, force: true });
}
