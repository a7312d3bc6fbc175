/**
 * Variant (c): the peer baseline, the transformers.js code a developer would write first
 * (model card style): AutoProcessor + CLIPVisionModelWithProjection from the same local folder,
 * offline, one photo at a time: RawImage.read(file) -> processor(image) -> model(inputs).
 *
 * transformers.js passes no intraOpNumThreads unless session_options says so, so onnxruntime-node
 * picks its default. ORT's InferenceSession.create is wrapped (the CommonJS instance that
 * transformers.js itself requires) to record the options it really used.
 *
 * Args: --model DIR --photos DIR [--threads N: pass session_options.intraOpNumThreads]
 */
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { AutoProcessor, CLIPVisionModelWithProjection, RawImage, env, type Tensor } from '@huggingface/transformers';
import { argValue, emitResult, measurePhase } from './variant-result.js';

const modelDir = argValue('model', '');
const photosDir = argValue('photos', '');
const threadsArg = argValue('threads', '');

// Same module instance as transformers.js's own require('onnxruntime-node').
// eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- createRequire returns unknown-typed modules; this is the same onnxruntime-node package the types describe
const ortCjs = createRequire(import.meta.resolve('@huggingface/transformers'))('onnxruntime-node') as typeof Ort;
const sessionOptionsSeen: Record<string, unknown>[] = [];
const originalCreate = ortCjs.InferenceSession.create.bind(ortCjs.InferenceSession);
const recordingCreate = (...args: unknown[]): ReturnType<typeof originalCreate> => {
  const options = args.find((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && !(a instanceof Uint8Array) && !ArrayBuffer.isView(a));
  sessionOptionsSeen.push({ ...(options ?? {}) });
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- forwarding the original variadic InferenceSession.create arguments unchanged
  return (originalCreate as (...a: unknown[]) => ReturnType<typeof originalCreate>)(...args);
};
Object.assign(ortCjs.InferenceSession, { create: recordingCreate });

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = dirname(modelDir);
const modelId = basename(modelDir);

const load = await measurePhase(async () => {
  const processor = await AutoProcessor.from_pretrained(modelId, { local_files_only: true });
  const model = await CLIPVisionModelWithProjection.from_pretrained(modelId, {
    local_files_only: true,
    device: 'cpu',
    dtype: 'fp32',
    ...(threadsArg ? { session_options: { intraOpNumThreads: Number(threadsArg) } } : {}),
  });
  return { processor, model };
});
const { processor, model } = load.value;

const files = (await readdir(photosDir)).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(photosDir, f));
let dims: readonly number[] = [];
const { stats } = await measurePhase(async () => {
  for (const file of files) {
    const image = await RawImage.read(file);
    const inputs = await processor(image);
    // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- transformers.js types model() outputs loosely; CLIPVisionModelWithProjection returns image_embeds
    const { image_embeds } = (await model(inputs)) as { image_embeds: Tensor };
    dims = image_embeds.dims;
  }
});
if (dims[1] !== 512) throw new Error(`unexpected image_embeds dims ${JSON.stringify(dims)}`);
const opts = sessionOptionsSeen[0] ?? {};
emitResult({
  variant: 'transformers.js',
  loadMs: load.stats.wallMs,
  images: files.length,
  wallMs: stats.wallMs,
  imagesPerSecond: files.length / (stats.wallMs / 1000),
  peakRssMiB: stats.peakRssMiB,
  cpuCores: stats.cpuMs / stats.wallMs,
  ortOptions: {
    executionProviders: opts.executionProviders ?? null,
    intraOpNumThreads: opts.intraOpNumThreads ?? 'ORT default',
    interOpNumThreads: opts.interOpNumThreads ?? 'ORT default',
    graphOptimizationLevel: opts.graphOptimizationLevel ?? 'ORT default (all)',
  },
});
