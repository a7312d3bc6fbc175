/**
 * Opens a photo file for reading pixels. Owns format dispatch by magic bytes (never by
 * extension alone); never writes to the file (read-only handles; sharp only reads).
 *
 * - JPEG, PNG, WebP, GIF (first frame), TIFF (first page), AVIF: sharp/libvips (sharp-image.ts).
 * - HEIC/HEIF (HEVC): libheif WASM (heif-image.ts), because the prebuilt sharp cannot.
 * - Camera RAW: the largest embedded JPEG preview (raw-preview.ts; CR3: cr3-preview.ts).
 * Every failure is a CoreError with a one-line reason (decode-error.ts). Pixel decoding is
 * lazy for sharp formats: map errors from pipeline() outputs with pipelineError()
 * (decode-error.ts).
 */
import { CoreError } from '../core-error.js';
import { describeReadFailure } from '../scan/read-failure.js';
import { extractCr3Preview } from './cr3-preview.js';
import { openHeif } from './heif-image.js';
import type { OpenedImage } from './opened-image.js';
import { checkPngStructure } from './png-check.js';
import { extractRawPreview } from './raw-preview.js';
import { ReadOnlyFile } from './read-only-file.js';
import { openWithSharp } from './sharp-image.js';
import { SNIFF_BYTES, sniffFormat } from './sniff-format.js';
import { extensionOf, isRawPath } from './supported-formats.js';

export { MAX_INPUT_PIXELS } from './pixel-limit.js';

async function openFile(path: string): Promise<ReadOnlyFile> {
  try {
    return await ReadOnlyFile.open(path);
  } catch (err) {
    const reason = describeReadFailure(err, 'file')?.reason ?? 'cannot read this file';
    throw new CoreError('DECODE_FAILED', reason, { cause: err });
  }
}

async function openRaw(path: string, file: ReadOnlyFile, container: 'tiff' | 'raf'): Promise<OpenedImage> {
  const label = extensionOf(path).toUpperCase() || 'RAW';
  const preview = await extractRawPreview(file, container, label);
  return openWithSharp({ path, input: preview.jpeg, format: 'raw-preview', containerOrientation: preview.orientation });
}

async function dispatch(path: string, file: ReadOnlyFile): Promise<OpenedImage> {
  if (file.size === 0) throw new CoreError('DECODE_FAILED', 'empty file');
  const sniffed = sniffFormat(await file.read(0, SNIFF_BYTES));
  switch (sniffed.kind) {
    case 'jpeg':
    case 'gif':
    case 'webp':
      return openWithSharp({ path, format: sniffed.kind });
    case 'png': {
      const problem = await checkPngStructure(file);
      if (problem) throw new CoreError('DECODE_FAILED', problem);
      return openWithSharp({ path, format: 'png' });
    }
    case 'tiff':
      return isRawPath(path) ? openRaw(path, file, 'tiff') : openWithSharp({ path, format: 'tiff' });
    case 'tiff-raw':
      return openRaw(path, file, 'tiff');
    case 'raf':
      return openRaw(path, file, 'raf');
    case 'isobmff':
      return openIsoBmff(path, file, sniffed.brand);
    case 'unsupported':
      throw new CoreError('UNSUPPORTED_FORMAT', `${sniffed.name} files are not supported`);
    case 'corrupt':
      throw new CoreError('DECODE_FAILED', sniffed.reason);
    case 'unknown':
      throw new CoreError('UNSUPPORTED_FORMAT', `not a recognised image format (.${extensionOf(path)} file with unknown content)`);
  }
}

async function openCr3(path: string, file: ReadOnlyFile): Promise<OpenedImage> {
  const preview = await extractCr3Preview(file);
  return openWithSharp({ path, input: preview.jpeg, format: 'raw-preview', containerOrientation: preview.orientation });
}

function openIsoBmff(path: string, file: ReadOnlyFile, brand: string): Promise<OpenedImage> {
  if (brand === 'crx ') return openCr3(path, file);
  if (brand === 'avif' || brand === 'avis') return openWithSharp({ path, format: 'avif' });
  return openHeif(path, file);
}

export async function openImage(path: string): Promise<OpenedImage> {
  const file = await openFile(path);
  try {
    return await dispatch(path, file);
  } finally {
    await file.close();
  }
}
