/**
 * The CPU side of indexing alone: the product's preparePhoto (sha256 + open + decode + resize +
 * normalise + EXIF, indexer/prepare-photo.ts) over every photo with --width in flight, no
 * inference and no storage. Its images/s is the most the decoders can feed a GPU with this many
 * in flight, so gpu-index-bench.ts can tell a GPU-bound run from a decode-bound one. The
 * preprocessing settings come from the model folder (no ONNX session is created).
 * sharp runs on libuv's pool: the parent sets UV_THREADPOOL_SIZE for wide runs.
 *
 * Args: --model DIR --photos DIR --width N
 */
import { stat } from 'node:fs/promises';
import { ImagePreprocessor } from '../../../electron/core/embed/image-preprocessor.js';
import { readModelFolder } from '../../../electron/core/embed/read-model-folder.js';
import { readPhotoMetadata } from '../../../electron/core/image/metadata.js';
import { openImage } from '../../../electron/core/image/open-image.js';
import { preparePhoto, type PhotoReaders } from '../../../electron/core/indexer/prepare-photo.js';
import { listPhotoFiles } from '../photo-files.js';
import { argValue, emitResult, measurePhase } from './variant-result.js';

const modelDir = argValue('model', '');
const photosDir = argValue('photos', '');
const width = Number(argValue('width', '4'));

const folder = await readModelFolder(modelDir, false);
const readers: PhotoReaders = { openImage, readMetadata: readPhotoMetadata, model: new ImagePreprocessor(folder.preprocess) };
const files = await Promise.all(
  (await listPhotoFiles(photosDir)).map(async (path) => {
    const st = await stat(path);
    return { path, size: st.size, mtimeMs: st.mtimeMs };
  }),
);

let next = 0;
let failed = 0;
const { stats } = await measurePhase(() =>
  Promise.all(
    Array.from({ length: Math.max(1, width) }, async () => {
      for (let file = files[next++]; file; file = files[next++]) {
        if (!(await preparePhoto({ file }, readers)).ok) failed++;
      }
    }),
  ),
);
if (failed > 0) throw new Error(`${failed} of ${files.length} photos failed to prepare`);
emitResult({
  variant: 'prepare',
  width,
  uvThreadpool: process.env.UV_THREADPOOL_SIZE ?? 'default (4)',
  images: files.length,
  wallMs: stats.wallMs,
  imagesPerSecond: files.length / (stats.wallMs / 1000),
  cpuCores: stats.cpuMs / stats.wallMs,
  peakRssMiB: stats.peakRssMiB,
});
