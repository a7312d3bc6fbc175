/**
 * Decodes the primary image of a HEIF/HEIC file with libheif compiled to WebAssembly
 * (libheif-js, the decoder heic-decode wraps). Needed because the prebuilt sharp has no HEVC
 * decoder (lovell/sharp#4050; ml-notes.md). We call libheif-js directly rather than
 * heic-decode because heic-decode decodes the first top-level image, not the primary item
 * (MANIFEST: "thumbnail item not mistaken for the primary"), logs to console on errors and
 * leaks the context when decoding throws.
 *
 * libheif's default decoding options apply the irot/imir/clap transforms (measured:
 * IMG_5195.HEIC decodes to 2566x3313 portrait, rainbow-451x461.heic to its 451x461 clean
 * aperture), so the raw pixels are already upright and the HEIF's EXIF orientation must NOT
 * be applied again (HEIF spec: irot/imir govern display, EXIF orientation is informational).
 *
 * The WASM instance is created lazily, used by one decode at a time, and replaced after a
 * WASM abort or once its heap has grown large (WASM memory never shrinks).
 */
import { createRequire } from 'node:module';
import { CoreError } from '../core-error.js';
import { assertWithinPixelLimit } from './pixel-limit.js';

export interface DecodedPixels {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly data: Buffer;
  /** Top-level images in the file (bursts, collections); only the primary is decoded. */
  readonly imageCount: number;
}

type Opaque = { readonly __brand: 'heif-object' };

interface DecodedChannel {
  readonly width: number;
  readonly height: number;
  readonly stride: number;
  readonly data: Uint8Array;
}

/** The part of libheif-js' Embind API we use (libheif-wasm/libheif.d.ts). */
interface LibHeif {
  readonly HEAPU8: Uint8Array;
  readonly heif_colorspace: { readonly heif_colorspace_RGB: unknown };
  readonly heif_chroma: { readonly heif_chroma_interleaved_RGB: unknown; readonly heif_chroma_interleaved_RGBA: unknown };
  heif_context_alloc(): Opaque;
  heif_context_free(context: Opaque): void;
  heif_context_read_from_memory(context: Opaque, data: Uint8Array): unknown;
  heif_context_get_number_of_top_level_images(context: Opaque): number;
  heif_js_context_get_primary_image_handle(context: Opaque): unknown;
  heif_image_handle_get_width(handle: Opaque): number;
  heif_image_handle_get_height(handle: Opaque): number;
  heif_image_handle_has_alpha_channel(handle: Opaque): number;
  heif_image_handle_release(handle: Opaque): void;
  heif_js_decode_image2(handle: Opaque, colorspace: unknown, chroma: unknown): unknown;
  heif_image_release(image: Opaque): void;
}

type LibHeifFactory = (options: Record<string, unknown>) => Promise<LibHeif>;

/** Replace the instance once its heap passes this (bytes), so memory is given back. */
const MAX_RETAINED_HEAP = 512 * 1024 * 1024;

let instance: Promise<LibHeif> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function loadFactory(): LibHeifFactory {
  const require = createRequire(import.meta.url);
  const loaded: unknown = require('libheif-js/libheif-wasm/libheif-bundle.js');
  if (typeof loaded !== 'function') throw new Error('libheif-js did not export a module factory');
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- checked to be a function; the Emscripten factory has no typings of its own
  return loaded as LibHeifFactory;
}

function getInstance(): Promise<LibHeif> {
  // print/printErr: the core never writes to the console (conventions.md rule 5).
  instance ??= loadFactory()({ print: () => undefined, printErr: () => undefined });
  return instance;
}

/** A heif_error-shaped object with a non-zero code, as the Embind bindings return on failure. */
function heifErrorMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('code' in value)) return undefined;
  const code: unknown = value.code;
  const codeValue = typeof code === 'object' && code !== null && 'value' in code ? code.value : code;
  if (codeValue === 0 || codeValue === undefined) return undefined;
  const message = 'message' in value && typeof value.message === 'string' ? value.message : 'unknown error';
  return message.replace(/\s+/g, ' ').trim();
}

function asChannel(value: unknown): DecodedChannel | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- fields checked one by one just below before the value is used
  const c = value as Partial<DecodedChannel>;
  if (typeof c.width !== 'number' || typeof c.height !== 'number' || typeof c.stride !== 'number') return undefined;
  if (!(c.data instanceof Uint8Array)) return undefined;
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- every DecodedChannel field was checked above
  return c as DecodedChannel;
}

/** Copies interleaved rows out of the WASM heap, dropping any row padding (stride). */
function packRows(channel: DecodedChannel, channels: 3 | 4): Buffer {
  const rowBytes = channel.width * channels;
  if (channel.stride < rowBytes || channel.data.length < channel.stride * (channel.height - 1) + rowBytes) {
    throw new CoreError('DECODE_FAILED', 'corrupt HEIC (decoder returned a short image)');
  }
  const out = Buffer.allocUnsafe(rowBytes * channel.height);
  for (let y = 0; y < channel.height; y += 1) {
    out.set(channel.data.subarray(y * channel.stride, y * channel.stride + rowBytes), y * rowBytes);
  }
  return out;
}

async function decodeWith(lib: LibHeif, bytes: Buffer): Promise<DecodedPixels> {
  const context = lib.heif_context_alloc();
  try {
    const readError = heifErrorMessage(lib.heif_context_read_from_memory(context, bytes));
    if (readError) throw new CoreError('DECODE_FAILED', `cannot read HEIC (${readError})`);
    const handle = lib.heif_js_context_get_primary_image_handle(context);
    const handleError = heifErrorMessage(handle);
    if (handleError) throw new CoreError('DECODE_FAILED', `cannot read HEIC (${handleError})`);
    // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- libheif handles are opaque WASM pointers: no runtime shape to check
    const primary = handle as Opaque;
    try {
      const width = lib.heif_image_handle_get_width(primary);
      const height = lib.heif_image_handle_get_height(primary);
      assertWithinPixelLimit(width, height, 'HEIC');
      const channels = lib.heif_image_handle_has_alpha_channel(primary) ? 4 : 3;
      const chroma = channels === 4 ? lib.heif_chroma.heif_chroma_interleaved_RGBA : lib.heif_chroma.heif_chroma_interleaved_RGB;
      // Awaited because libheif-js' own HeifImage.display() awaits it; harmless when synchronous.
      const decoded: unknown = await lib.heif_js_decode_image2(primary, lib.heif_colorspace.heif_colorspace_RGB, chroma);
      const decodeError = heifErrorMessage(decoded);
      if (decodeError || typeof decoded !== 'object' || decoded === null) {
        throw new CoreError('DECODE_FAILED', `cannot decode HEIC (${decodeError ?? 'no image returned'})`);
      }
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- libheif image handles are opaque WASM pointers: no runtime shape to check
      const image = 'image' in decoded ? (decoded.image as Opaque) : undefined;
      try {
        const list: unknown = 'channels' in decoded ? decoded.channels : undefined;
        const channel = Array.isArray(list) ? asChannel(list[0]) : undefined;
        if (!channel) throw new CoreError('DECODE_FAILED', 'cannot decode HEIC (no pixel data returned)');
        const imageCount = lib.heif_context_get_number_of_top_level_images(context);
        return { width: channel.width, height: channel.height, channels, data: packRows(channel, channels), imageCount };
      } finally {
        if (image) lib.heif_image_release(image);
      }
    } finally {
      lib.heif_image_handle_release(primary);
    }
  } finally {
    lib.heif_context_free(context);
  }
}

async function decodeNow(bytes: Buffer): Promise<DecodedPixels> {
  const lib = await getInstance();
  try {
    return await decodeWith(lib, bytes);
  } catch (err) {
    if (err instanceof CoreError) throw err;
    // A WASM trap or abort leaves the instance unusable: start a fresh one next time.
    instance = undefined;
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new CoreError('DECODE_FAILED', `HEIC decoder failed (${detail})`, { cause: err });
  } finally {
    if (lib.HEAPU8.length > MAX_RETAINED_HEAP && instance) instance = undefined;
  }
}

/** Decodes the primary image to 8-bit RGB(A), upright. One decode runs at a time. */
export function decodeHeifPrimary(bytes: Buffer): Promise<DecodedPixels> {
  const run = queue.then(() => decodeNow(bytes));
  queue = run.catch(() => undefined);
  return run;
}
