/**
 * Variant (a): the ceiling. A bare onnxruntime-node InferenceSession on the vision tower, fed
 * already-preprocessed [n, 3, 224, 224] tensors (random values: the cost does not depend on
 * them), at several batch sizes. Same session options as the product (ort-sessions.ts):
 * graphOptimizationLevel 'all', interOpNumThreads 1, intraOpNumThreads = --threads.
 * --provider names the one execution provider (default cpu; gpu-index-bench.ts passes webgpu): a
 * one-provider list throws when it cannot start, so a result is never a silent CPU run. The
 * embeddings of the first --sample images of the fixed input are returned, so the parent can
 * compare providers (cosine).
 *
 * Args: --model DIR --threads N --images N --batch-sizes 1,8,16,32 [--provider cpu] [--sample 0]
 */
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { argValue, emitResult, measurePhase } from './variant-result.js';

const modelDir = argValue('model', '');
const threads = Number(argValue('threads', '2'));
const images = Number(argValue('images', '64'));
const batchSizes = argValue('batch-sizes', '1,8,16,32').split(',').map(Number);
const provider = argValue('provider', 'cpu');
const sample = Number(argValue('sample', '0'));
const SIZE = 224;
const PER_IMAGE = 3 * SIZE * SIZE;

const load = await measurePhase(() =>
  ort.InferenceSession.create(join(modelDir, 'onnx/vision_model.onnx'), {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    interOpNumThreads: 1,
    intraOpNumThreads: threads,
  }),
);
const session = load.value;

function tensor(n: number): ort.Tensor {
  const data = new Float32Array(n * PER_IMAGE);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s / 4294967296 - 0.5) * 4; // roughly the range of CLIP-normalised pixels
  }
  return new ort.Tensor('float32', data, [n, 3, SIZE, SIZE]);
}

const perBatch: { batchSize: number; imagesPerSecond: number; msPerImage: number; peakRssMiB: number; cpuCores: number }[] = [];
for (const bs of batchSizes) {
  const input = tensor(bs);
  await session.run({ pixel_values: input }); // warm-up: first run per shape allocates
  const runs = Math.max(1, Math.ceil(images / bs));
  const { stats } = await measurePhase(async () => {
    for (let r = 0; r < runs; r++) await session.run({ pixel_values: input });
  });
  const n = runs * bs;
  perBatch.push({
    batchSize: bs,
    imagesPerSecond: n / (stats.wallMs / 1000),
    msPerImage: stats.wallMs / n,
    peakRssMiB: stats.peakRssMiB,
    cpuCores: stats.cpuMs / stats.wallMs,
  });
}
/** Embeddings of the first `sample` images of the fixed input (the same values on every provider). */
async function sampleEmbeddings(): Promise<number[][]> {
  if (sample <= 0) return [];
  const output = await session.run({ pixel_values: tensor(sample) });
  const first = output[session.outputNames[0] ?? ''];
  if (!first) throw new Error('the session returned no output');
  const data = first.data;
  if (!(data instanceof Float32Array)) throw new Error(`expected float32 embeddings, got ${first.type}`);
  const dim = data.length / sample;
  return Array.from({ length: sample }, (_, i) => Array.from(data.subarray(i * dim, (i + 1) * dim)));
}
const embeddings = await sampleEmbeddings();
await session.release();
const best = perBatch.reduce((a, b) => (b.imagesPerSecond > a.imagesPerSecond ? b : a));
emitResult({ variant: 'ort', provider, threads, loadMs: load.stats.wallMs, perBatch, best, embeddings });
