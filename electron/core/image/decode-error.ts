/**
 * Turns decoder failures (libvips/sharp, libheif) into one-line, human CoreErrors such as
 * "truncated JPEG (premature end of JPEG image)". libvips reports a stack of lines with
 * file paths, "bad seek" noise and repeated warnings (measured on the shared corpus); we keep
 * the first meaningful line and say what kind of failure it is.
 *
 * Pipelines decode lazily: a truncated file may only fail when a pipeline() output runs.
 * Callers that run `image.pipeline()...toBuffer()` map such errors with pipelineError().
 */
import { CoreError } from '../core-error.js';
import type { ImageFormat, OpenedImage } from './opened-image.js';

const FORMAT_LABEL: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  avif: 'AVIF',
  gif: 'GIF',
  tiff: 'TIFF',
  heif: 'HEIC',
  'raw-preview': 'RAW preview',
};

/** The name a person knows the format by ("JPEG", "HEIC"). */
export function formatLabel(format: ImageFormat): string {
  return FORMAT_LABEL[format];
}

/** Lines that carry no information for a person (libvips/libtiff chatter, seek retries). */
const NOISE = [/bad seek to \d+/i, /TIFF_SETGET_UNDEFINED/, /^\s*$/, /\.\.\.$/];

/** Library prefixes stripped from the kept line ("VipsJpeg: premature end" -> "premature end"). */
const PREFIX = /^(?:VipsJpeg|vipspng|spng|tiff2vips|TIFFReadDirectory|gifload|webpload|heif|heifload|vips\w*):\s*/i;

const MAX_DETAIL = 140;

function firstMeaningfulLine(message: string): string | undefined {
  const lines = message
    .split('\n')
    .map((line) => line.replace(/^Input file has corrupt header:\s*/i, '').trim())
    .filter((line) => !NOISE.some((noise) => noise.test(line)));
  const line = lines[0];
  if (line === undefined) return undefined;
  const detail = line.replace(PREFIX, '').replace(/\s*\(\d+\.\d+\)$/, '').trim();
  if (!detail) return undefined;
  return detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail;
}

function withDetail(summary: string, detail: string | undefined): string {
  return detail ? `${summary} (${detail})` : summary;
}

/**
 * Maps any thrown value from a decoder to a CoreError. `label` names the format for the
 * user ("JPEG", "PNG", "HEIC"); a CoreError passes through unchanged.
 */
export function toDecodeError(err: unknown, label: string): CoreError {
  if (err instanceof CoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const detail = firstMeaningfulLine(message);
  const options = { cause: err };
  if (/exceeds pixel limit|Security limit exceeded/i.test(message)) {
    return new CoreError('IMAGE_TOO_LARGE', withDetail(`${label} is too large to open`, detail), options);
  }
  if (/unsupported image format|Unsupported codec|has not been built in|Unsupported feature/i.test(message)) {
    return new CoreError('UNSUPPORTED_FORMAT', withDetail(`unsupported ${label} variant`, detail), options);
  }
  if (/timeout/i.test(message)) {
    return new CoreError('DECODE_FAILED', `${label} took too long to decode (gave up)`, options);
  }
  if (/premature end|truncated|Unexpected end|end of (?:data|file)|read error/i.test(message)) {
    return new CoreError('DECODE_FAILED', withDetail(`truncated or damaged ${label}`, detail), options);
  }
  if (/corrupt header/i.test(message)) {
    return new CoreError('DECODE_FAILED', withDetail(`corrupt ${label} header`, detail), options);
  }
  return new CoreError('DECODE_FAILED', withDetail(`cannot decode ${label}`, detail), options);
}

/** Maps an error from an OpenedImage's pipeline() output (toBuffer etc.) to a CoreError. */
export function pipelineError(err: unknown, image: Pick<OpenedImage, 'format'>): CoreError {
  return toDecodeError(err, formatLabel(image.format));
}
