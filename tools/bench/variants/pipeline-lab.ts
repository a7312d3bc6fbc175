/**
 * What-if experiments for the indexing pipeline, without editing electron/core: the product's
 * own scheduler (runBatchedPipeline), file reads (hashFile, openImage, readPhotoMetadata) and
 * preprocessor (ImagePreprocessor from the model folder), feeding a vision session created here
 * with the same options as ort-sessions.ts, so one knob at a time can be changed:
 *   --spinning 0|1          ORT intra-op thread spinning (session.intra_op.allow_spinning); ORT's default is 1
 *   --sharp-concurrency N   libvips threads per image (sharp.concurrency); sharp's default is the core count
 *   --shrink-on-load 0|1    JPEG DCT-domain shrink before the cubic resize (product: 0, for accuracy)
 *   --batch-size N --decode-concurrency N --threads N
 * Storage is left out (measured at ~1 ms/image by stages.ts). With the defaults this should land
 * near variant (b); the difference each knob makes is the finding.
 *
 * Args: --model DIR --photos DIR plus the knobs above.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { ImagePreprocessor } from '../../../electron/core/embed/image-preprocessor.js';
import { buildChannelTables, rgbToChw } from '../../../electron/core/embed/normalize-pixels.js';
import { readModelFolder } from '../../../electron/core/embed/read-model-folder.js';
import { computeResizeGeometry } from '../../../electron/core/embed/resize-geometry.js';
import { towerFile } from '../../../electron/core/embed/tower-sessions.js';
import { readPhotoMetadata } from '../../../electron/core/image/metadata.js';
import { openImage } from '../../../electron/core/image/open-image.js';
import { runBatchedPipeline } from '../../../electron/core/indexer/batched-pipeline.js';
import { hashFile } from '../../../electron/core/scan/content-hash.js';
import { argValue, emitResult, measurePhase } from './variant-result.js';

const modelDir = argValue('model', '');
const photosDir = argValue('photos', '');
const threads = Number(argValue('threads', '2'));
const batchSize = Number(argValue('batch-size', '16'));
const decodeConcurrency = Number(argValue('decode-concurrency', '3'));
const spinning = argValue('spinning', '1');
const sharpConcurrency = argValue('sharp-concurrency', '');
const shrinkOnLoad = argValue('shrink-on-load', '0') === '1';
if (sharpConcurrency) sharp.concurrency(Number(sharpConcurrency));

const folder = await readModelFolder(modelDir, false);
const preprocessor = new ImagePreprocessor(folder.preprocess);
const tables = buildChannelTables(folder.preprocess);
const session = await ort.InferenceSession.create(towerFile(folder.onnx, 'vision').path, {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  interOpNumThreads: 1,
  intraOpNumThreads: threads,
  extra: { session: { intra_op: { allow_spinning: spinning } } },
});
await session.run({ pixel_values: new ort.Tensor('float32', new Float32Array(3 * 224 * 224), [1, 3, 224, 224]) });

/** The product's geometry and normalisation, with libjpeg's shrink-on-load allowed. */
async function preprocessShrinkOnLoad(path: string, width: number, height: number): Promise<Float32Array> {
  const { resized, crop } = computeResizeGeometry(width, height, folder.preprocess);
  const rgb = await sharp(path, { failOn: 'truncated' })
    .autoOrient()
    .resize(resized.width, resized.height, { fit: 'fill', kernel: 'cubic', fastShrinkOnLoad: true })
    .extract(crop)
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer();
  return rgbToChw(rgb, crop.width, crop.height, tables);
}

const files = (await readdir(photosDir)).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(photosDir, f));
let encodeMs = 0;
const { stats } = await measurePhase(() =>
  runBatchedPipeline(files, {
    batchSize,
    concurrency: decodeConcurrency,
    prepare: async (path) => {
      await hashFile(path);
      const image = await openImage(path);
      const [pixels] = await Promise.all([
        shrinkOnLoad ? preprocessShrinkOnLoad(path, image.width, image.height) : preprocessor.preprocess(image),
        readPhotoMetadata(path, (await stat(path)).mtimeMs),
      ]);
      return pixels;
    },
    consume: async (batch) => {
      const t0 = performance.now();
      const data = new Float32Array(batch.length * 3 * 224 * 224);
      batch.forEach((p, i) => data.set(p, i * p.length));
      await session.run({ pixel_values: new ort.Tensor('float32', data, [batch.length, 3, 224, 224]) });
      encodeMs += performance.now() - t0;
    },
  }),
);
await session.release();
emitResult({
  variant: 'lab',
  knobs: { threads, batchSize, decodeConcurrency, spinning, sharpConcurrency: sharp.concurrency(), shrinkOnLoad, uvThreadpool: process.env.UV_THREADPOOL_SIZE ?? 'default (4)' },
  images: files.length,
  imagesPerSecond: files.length / (stats.wallMs / 1000),
  encodeShare: encodeMs / stats.wallMs,
  cpuCores: stats.cpuMs / stats.wallMs,
});
