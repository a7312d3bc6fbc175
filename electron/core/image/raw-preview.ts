/**
 * Finds the largest embedded JPEG preview in a camera RAW file. RAW sensor data itself is
 * not decoded (no demosaicing here); cameras embed a full- or near-full-size JPEG for
 * exactly this purpose. Sources handled:
 * - TIFF-structured RAWs (DNG, CR2, NEF, ARW, PEF, SRW, ORF, RW2, KDC, ...): JPEGInterchange-
 *   Format/Length (tags 513/514), single-strip JPEG-compressed RGB/YCbCr IFDs (compression
 *   6/7, photometric 2/6: CR2 IFD0, DNG preview IFDs), and Panasonic JpgFromRaw (tag 46).
 * - Fujifilm RAF: the JPEG offset/length at bytes 84/88 of the RAF header.
 * The preview's orientation is the RAW's IFD0 Orientation unless the JPEG carries its own.
 */
import { CoreError } from '../core-error.js';
import { loadSharp } from './load-sharp.js';
import type { ReadOnlyFile } from './read-only-file.js';
import { TAG, walkTiffIfds, type Ifd } from './tiff-ifd-walker.js';

export interface RawPreview {
  readonly jpeg: Buffer;
  /** IFD0 Orientation of the RAW (1 when absent). */
  readonly orientation: number;
}

interface Span {
  readonly offset: number;
  readonly length: number;
}

/** Previews bigger than this are not believed (largest real ones are ~10 MB). */
const MAX_PREVIEW_BYTES = 64 * 1024 * 1024;
const MIN_PREVIEW_BYTES = 128;
/** Photometric interpretations of colour pictures (not CFA/LinearRaw sensor data). */
const PICTURE_PHOTOMETRIC = new Set([2, 6]);

function first(ifd: Ifd, tag: number): number | undefined {
  return ifd.get(tag)?.values[0];
}

function spansOf(ifd: Ifd): Span[] {
  const spans: Span[] = [];
  const jpegOffset = first(ifd, TAG.JpegOffset);
  const jpegLength = first(ifd, TAG.JpegLength);
  if (jpegOffset !== undefined && jpegLength !== undefined) spans.push({ offset: jpegOffset, length: jpegLength });
  const jpgFromRaw = ifd.get(TAG.Rw2JpgFromRaw);
  if (jpgFromRaw) spans.push({ offset: jpgFromRaw.valueOffset, length: jpgFromRaw.count });
  const strips = ifd.get(TAG.StripOffsets);
  const stripBytes = ifd.get(TAG.StripByteCounts);
  const compression = first(ifd, TAG.Compression);
  const photometric = first(ifd, TAG.Photometric);
  const isJpeg = compression === 6 || compression === 7;
  const isPicture = photometric === undefined ? compression === 6 : PICTURE_PHOTOMETRIC.has(photometric);
  if (isJpeg && isPicture && strips?.count === 1 && stripBytes?.count === 1) {
    spans.push({ offset: strips.values[0] ?? 0, length: stripBytes.values[0] ?? 0 });
  }
  return spans;
}

async function rafSpans(file: ReadOnlyFile): Promise<Span[]> {
  const header = await file.read(84, 8);
  if (header.length < 8) return [];
  return [{ offset: header.readUInt32BE(0), length: header.readUInt32BE(4) }];
}

/** Area of a JPEG candidate, or 0 when its bytes are not a JPEG sharp can read. */
async function jpegArea(bytes: Buffer): Promise<number> {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return 0;
  const sharp = await loadSharp();
  try {
    const meta = await sharp(bytes).metadata();
    return meta.format === 'jpeg' ? (meta.width ?? 0) * (meta.height ?? 0) : 0;
  } catch {
    return 0; // e.g. lossless (SOF3) sensor data that is not a picture
  }
}

/**
 * Returns the largest readable embedded JPEG. Throws UNSUPPORTED_FORMAT when there is none,
 * DECODE_FAILED when the file points at a preview beyond its end (a cut-off file).
 */
export async function extractRawPreview(file: ReadOnlyFile, container: 'tiff' | 'raf', label: string): Promise<RawPreview> {
  const ifds = container === 'tiff' ? await walkTiffIfds(file) : [];
  const spans = container === 'raf' ? await rafSpans(file) : ifds.flatMap(spansOf);
  const orientation = ifds[0] ? first(ifds[0], TAG.Orientation) ?? 1 : 1;
  let best: { jpeg: Buffer; area: number } | undefined;
  let cutOff = false;
  for (const span of spans) {
    if (span.length < MIN_PREVIEW_BYTES || span.length > MAX_PREVIEW_BYTES) continue;
    if (span.offset + span.length > file.size) {
      cutOff = true;
      continue;
    }
    const jpeg = await file.read(span.offset, span.length);
    const area = await jpegArea(jpeg);
    if (area > (best?.area ?? 0)) best = { jpeg, area };
  }
  if (best) return { jpeg: best.jpeg, orientation };
  if (cutOff) throw new CoreError('DECODE_FAILED', `${label} file is cut off: its embedded preview is missing`);
  throw new CoreError('UNSUPPORTED_FORMAT', `${label} file has no embedded preview (RAW sensor data is not decoded)`);
}
