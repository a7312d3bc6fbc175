/**
 * Where the pipeline's time goes: each stage of preparing and storing a photo, alone.
 *   - per image, one at a time (latency on one core): sha256, EXIF read, decode + resize +
 *     normalise (the product's openImage + model.preprocess);
 *   - decode + preprocess throughput with 1..3 in flight (what the 2 cores can feed);
 *   - the same resize done by sharp directly with fastShrinkOnLoad false (the product's setting)
 *     and true (JPEG DCT-domain shrink): the cost of the accuracy choice on 12 MP photos;
 *   - inference alone through the product's encoder (model.encodeImages) at --batch-size;
 *   - storage alone: photo rows + vectors in one transaction per batch, on a fresh library.
 *
 * Args: --model DIR --photos DIR --threads N --batch-size N
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadClipModel } from '../../../electron/core/embed/load-clip-model.js';
import { readPhotoMetadata } from '../../../electron/core/image/metadata.js';
import { openImage } from '../../../electron/core/image/open-image.js';
import { hashFile } from '../../../electron/core/scan/content-hash.js';
import { openLibraryScope } from '../../../electron/core/library-scope.js';
import { folderKey } from '../../../electron/core/store/path-range.js';
import type { PhotoFields } from '../../../electron/core/store/photo-record.js';
import { argValue, emitResult, measurePhase } from './variant-result.js';

const modelDir = argValue('model', '');
const photosDir = argValue('photos', '');
const threads = Number(argValue('threads', '2'));
const batchSize = Number(argValue('batch-size', '16'));

// libvips' operation cache would serve repeated decodes of the same file from memory; the
// product decodes each file once, so measure cold decodes.
sharp.cache(false);

const files = (await readdir(photosDir)).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(photosDir, f));
const model = await loadClipModel(modelDir, { device: 'cpu', threads });

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function perImageMs(work: (file: string) => Promise<unknown>, sample = files.slice(0, 16)): Promise<number> {
  const times: number[] = [];
  for (const file of sample) {
    const t0 = performance.now();
    await work(file);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** images/s of `work` over all files with `width` in flight. */
async function throughput(width: number, work: (file: string) => Promise<unknown>): Promise<{ imagesPerSecond: number; cpuCores: number }> {
  let next = 0;
  const { stats } = await measurePhase(() =>
    Promise.all(Array.from({ length: width }, async () => {
      while (next < files.length) await work(files[next++] ?? '');
    })),
  );
  return { imagesPerSecond: files.length / (stats.wallMs / 1000), cpuCores: stats.cpuMs / stats.wallMs };
}

const preprocessFile = async (file: string): Promise<Float32Array> => model.preprocess(await openImage(file));
/** The product's resize, written directly against sharp, with shrink-on-load as a switch. */
const sharpResize = (fastShrinkOnLoad: boolean) => async (file: string): Promise<Buffer> => {
  const meta = await sharp(file).metadata();
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  const rw = w >= h ? Math.trunc((224 * w) / h) : 224;
  const rh = w >= h ? 224 : Math.trunc((224 * h) / w);
  return sharp(file, { failOn: 'truncated' })
    .autoOrient()
    .resize(rw, rh, { fit: 'fill', kernel: 'cubic', fastShrinkOnLoad })
    .extract({ left: Math.floor((rw - 224) / 2), top: Math.floor((rh - 224) / 2), width: 224, height: 224 })
    .removeAlpha()
    .raw()
    .toBuffer();
};

await preprocessFile(files[0] ?? ''); // warm sharp/libvips
const latency = {
  hashMs: await perImageMs(hashFile),
  metadataMs: await perImageMs((f) => readPhotoMetadata(f, 0)),
  openImageMs: await perImageMs(openImage),
  decodePreprocessMs: await perImageMs(preprocessFile),
  sharpNoShrinkOnLoadMs: await perImageMs(sharpResize(false)),
  sharpShrinkOnLoadMs: await perImageMs(sharpResize(true)),
};
const decodeThroughput: Record<string, { imagesPerSecond: number; cpuCores: number }> = {};
for (const width of [1, 2, 3]) decodeThroughput[`preprocess x${width}`] = await throughput(width, preprocessFile);
decodeThroughput['shrinkOnLoad x2'] = await throughput(2, sharpResize(true));

const pixels = await Promise.all(files.slice(0, batchSize).map(preprocessFile));
await model.encodeImages(pixels); // warm-up for this batch shape
const rounds = Math.max(1, Math.round(files.length / batchSize));
const inference = await measurePhase(async () => {
  for (let r = 0; r < rounds; r++) await model.encodeImages(pixels);
});
const embeddings = await model.encodeImages(pixels);

const workDir = await mkdtemp(join(tmpdir(), 'recollect-bench-store-'));
const library = openLibraryScope(join(workDir, 'library.db'));
const { photos } = library;
const vectors = library.vectorsFor({ id: model.id, name: model.name, dim: model.dim });
const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
const storage = await measurePhase(async () => {
  for (let start = 0; start < files.length; start += batchSize) {
    library.transaction(() => {
      for (let i = start; i < Math.min(files.length, start + batchSize); i++) {
        const path = files[i] ?? '';
        const fields: PhotoFields = {
          path, folder: folderKey(path), size: sizes[i] ?? 0, mtimeMs: 0, contentHash: null, status: 'indexed',
          skipReason: null, skipKind: null, format: 'jpeg', width: 4000, height: 3000, takenAt: 0, takenAtSource: 'exif',
          cameraMake: null, cameraModel: null, gpsLat: null, gpsLon: null,
        };
        const id = photos.insert(fields);
        vectors.put(id, embeddings[i % embeddings.length] ?? new Float32Array(model.dim), fields.folder, 0);
      }
    });
  }
});
library.close();
await rm(workDir, { recursive: true, force: true });
await model.dispose();

emitResult({
  variant: 'stages',
  threads,
  batchSize,
  latency,
  decodeThroughput,
  inference: { imagesPerSecond: (rounds * batchSize) / (inference.stats.wallMs / 1000), cpuCores: inference.stats.cpuMs / inference.stats.wallMs },
  storageMsPerImage: storage.stats.wallMs / files.length,
});
