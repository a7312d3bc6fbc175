/**
 * Variant (b): the product's own indexing pipeline, in-process through createCore().index()
 * (scan + hash + decode + preprocess + embed + store) on a fresh library. The model is loaded
 * first (core.model(), timed separately), so the indexing wall time excludes model load.
 *
 * The loaded model's preprocess()/encodeImages() are wrapped (own properties shadowing the
 * prototype methods) to record where the time goes without touching electron/core:
 * busy time of inference (wall, union of calls) and summed preprocess latencies.
 *
 * --batch-size, --decode-concurrency and --device go through CoreOptions, so the variant is wired by
 * the same composition root as the product. The result names the execution provider the loaded
 * model really uses (ClipModel.device) and the providers tried; --vectors-count K returns the
 * stored vectors of the first K photos (by path), so gpu-index-bench.ts can compare devices.
 * sharp decodes on libuv's pool: the parent sets UV_THREADPOOL_SIZE (default 4) for wide decoding.
 *
 * Args: --model DIR --photos DIR --threads N [--batch-size N] [--decode-concurrency N]
 *       [--device cpu|gpu|auto] [--vectors-count K]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../../electron/core/create-core.js';
import type { ClipModel } from '../../../electron/core/embed/clip-model.js';
import type { IndexReport } from '../../../electron/core/indexer/index-report.js';
import { isDeviceChoice, type DeviceChoice } from '../../../electron/core/onnx/device-choice.js';
import { listPhotoFiles } from '../photo-files.js';
import { argValue, emitResult, measurePhase } from './variant-result.js';

const modelDir = argValue('model', '');
const photosDir = argValue('photos', '');
const threads = Number(argValue('threads', '2'));
const batchArg = argValue('batch-size', '');
const concurrencyArg = argValue('decode-concurrency', '');
const batchSize = batchArg ? Number(batchArg) : undefined;
const decodeConcurrency = concurrencyArg ? Number(concurrencyArg) : undefined;
const deviceArg = argValue('device', 'cpu');
if (!isDeviceChoice(deviceArg)) throw new Error(`--device must be auto, cpu or gpu, not ${deviceArg}`);
const device: DeviceChoice = deviceArg;
const vectorsCount = Number(argValue('vectors-count', '0'));

interface Timings {
  encodeCalls: number;
  encodeMs: number;
  preprocessCalls: number;
  preprocessMs: number;
  firstIndexingAt: number | null;
  /** (time, processed) of each committed batch, for the steady-state rate. */
  commits: { at: number; processed: number }[];
}

/** Shadows the model's methods with timed ones; the indexer calls them through the same object. */
function instrument(model: ClipModel, t: Timings): void {
  const encode = model.encodeImages.bind(model);
  const preprocess = model.preprocess.bind(model);
  model.encodeImages = async (pixels) => {
    const t0 = performance.now();
    try {
      return await encode(pixels);
    } finally {
      t.encodeCalls++;
      t.encodeMs += performance.now() - t0;
    }
  };
  model.preprocess = async (image) => {
    const t0 = performance.now();
    try {
      return await preprocess(image);
    } finally {
      t.preprocessCalls++;
      t.preprocessMs += performance.now() - t0;
    }
  };
}

/** The stored vectors of the first `count` indexed photos by path, as the library holds them. */
async function firstVectors(count: number): Promise<{ path: string; vector: number[] }[]> {
  if (count <= 0) return [];
  const store = await core.activeSlot()?.vectors();
  if (!store) throw new Error('no active model slot after indexing');
  const out: { path: string; vector: number[] }[] = [];
  for (const path of (await listPhotoFiles(photosDir)).slice(0, count)) {
    const id = core.library.photos.getByPath(path)?.id;
    const vector = id === undefined ? undefined : store.get(id);
    if (!vector) throw new Error(`no stored vector for ${path}`);
    out.push({ path, vector: Array.from(vector) });
  }
  return out;
}

const workDir = await mkdtemp(join(tmpdir(), 'recollect-bench-'));
const core = createCore({ libraryFile: join(workDir, 'library.db'), modelDir, device, threads, batchSize, decodeConcurrency });
try {
  const load = await measurePhase(() => core.model());
  const model = load.value;
  const t: Timings = { encodeCalls: 0, encodeMs: 0, preprocessCalls: 0, preprocessMs: 0, firstIndexingAt: null, commits: [] };
  instrument(model, t);
  const onProgress = (p: { phase: string; processed: number }): void => {
    if (p.phase !== 'indexing') return;
    if (t.firstIndexingAt === null) t.firstIndexingAt = performance.now();
    else if (p.processed > 0) t.commits.push({ at: performance.now(), processed: p.processed });
  };
  const run = (): Promise<IndexReport> => core.index([photosDir], { onProgress });
  const started = performance.now();
  const { value: report, stats } = await measurePhase(run);
  if (report.indexed === 0 || report.skipped.length > 0) {
    throw new Error(`indexed ${report.indexed}, skipped ${JSON.stringify(report.skipped.slice(0, 3))}`);
  }
  const scanMs = (t.firstIndexingAt ?? started) - started;
  // Rate between the first and the last committed batch: excludes the pipeline's fill (the first
  // batch waits for batchSize decodes while inference idles) and the scan.
  const first = t.commits[0];
  const last = t.commits[t.commits.length - 1];
  const steadyImagesPerSecond = first && last && last.at > first.at ? (last.processed - first.processed) / ((last.at - first.at) / 1000) : null;
  const firstBatchMs = first ? first.at - (t.firstIndexingAt ?? started) : null;
  emitResult({
    variant: 'pipeline',
    device: model.device,
    providerAttempts: model.providerAttempts.map((a) => ({ provider: a.provider, ok: a.ok, reason: a.reason, cosine: a.cosine })),
    uvThreadpool: process.env.UV_THREADPOOL_SIZE ?? 'default (4)',
    threads,
    batchSize: batchSize ?? 16,
    decodeConcurrency: decodeConcurrency ?? 3,
    loadMs: load.stats.wallMs,
    images: report.indexed,
    wallMs: stats.wallMs,
    imagesPerSecond: report.indexed / (stats.wallMs / 1000),
    peakRssMiB: stats.peakRssMiB,
    cpuCores: stats.cpuMs / stats.wallMs,
    steadyImagesPerSecond,
    firstBatchMs,
    scanMs,
    encodeMs: t.encodeMs,
    encodeCalls: t.encodeCalls,
    preprocessMsPerImage: t.preprocessMs / Math.max(1, t.preprocessCalls),
    vectors: await firstVectors(vectorsCount),
  });
} finally {
  await core.close();
  await rm(workDir, { recursive: true, force: true });
}
