/**
 * "Save a copy" of a styled photo (issue 11, style-preview.md "Safety"): the provider renders the
 * same recipe at full size, and the result is written as a new file beside the original (or in a
 * chosen folder, or at an exact path the CLI was given) under a name that does not exist yet:
 * `IMG_1234 (warm vintage film).jpg`, then `IMG_1234 (warm vintage film) 2.jpg` ...
 * Every file is created with the exclusive flag (`wx`), so nothing is ever overwritten, even when
 * another program creates the same name at the same moment. The original is only ever read.
 *
 * Colour and metadata: the provider gets the original's own pixel values, upright (sharp
 * `keepIccProfile` skips the conversion to sRGB), and the copy is written from a pipeline over the
 * original file with the styled pixels composited over it (`blend: 'source'`), so sharp keeps the
 * original's EXIF and ICC profile (`keepExif`, `keepIccProfile`) and, having rotated the pixels
 * upright (`autoOrient`), writes orientation 1: the rotation is applied exactly once.
 * Formats sharp cannot write back (HEIC, camera RAW) are saved as JPEG, without their metadata.
 */
import { open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { CoreError } from '../core-error.js';
import { openImage } from '../image/open-image.js';
import type { ImageFormat } from '../image/opened-image.js';
import { SHARP_INPUT_OPTIONS } from '../image/sharp-image.js';
import { safeFolderName } from '../sort/safe-folder-name.js';
import { decodeRaw, encodePng } from './look/render-look.js';
import type { StylePreviewProvider } from './style-provider.js';

export interface SaveStyledCopyRequest {
  /** The original photo (read only). */
  source: string;
  provider: StylePreviewProvider;
  recipe: Record<string, unknown>;
  /** Words for the new name (the prompt): "warm vintage film". */
  label: string;
  /** Folder for the copy; default: the original's folder. */
  folder?: string;
  /** Exact file to create instead of a chosen name (CLI --out); refused if it exists. */
  target?: string;
  signal?: AbortSignal;
}

/** Formats written back as themselves; everything else becomes JPEG. */
const WRITABLE: Partial<Record<ImageFormat, 'jpeg' | 'png' | 'webp' | 'tiff' | 'avif'>> = { jpeg: 'jpeg', png: 'png', webp: 'webp', tiff: 'tiff', avif: 'avif' };
const EXTENSIONS: Record<'jpeg' | 'png' | 'webp' | 'tiff' | 'avif', string> = { jpeg: '.jpg', png: '.png', webp: '.webp', tiff: '.tif', avif: '.avif' };
const MAX_NAME_TRIES = 1000;

type OutputFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'avif';

function formatOfTarget(target: string): OutputFormat {
  const ext = path.extname(target).toLowerCase();
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  if (ext === '.png' || ext === '.webp' || ext === '.avif') return ext === '.png' ? 'png' : ext === '.webp' ? 'webp' : 'avif';
  if (ext === '.tif' || ext === '.tiff') return 'tiff';
  throw new CoreError('INVALID_ARGUMENT', `Cannot write a ${ext || 'file without an extension'}: name the copy .jpg, .png, .webp, .avif or .tif.`);
}

function encode(pipeline: Sharp, format: OutputFormat): Sharp {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4' });
    case 'png':
      return pipeline.png();
    case 'webp':
      return pipeline.webp({ quality: 92 });
    case 'tiff':
      return pipeline.tiff({ compression: 'lzw' });
    case 'avif':
      return pipeline.avif({ quality: 70 });
  }
}

/** `IMG_1234 (warm vintage film).jpg`, ` 2`, ` 3` ... in `folder`. */
export function copyName(source: string, label: string, format: OutputFormat, n: number): string {
  const stem = path.basename(source, path.extname(source));
  const words = safeFolderName(label.trim() || 'styled').name;
  return `${stem} (${words})${n > 1 ? ` ${n}` : ''}${EXTENSIONS[format]}`;
}

/** Why nothing could be written into `folder`, in words that say what to do (nothing was saved). */
function cannotWrite(folder: string, err: unknown): CoreError {
  const code = err instanceof Error && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT' || code === 'ENOTDIR') return new CoreError('INVALID_ARGUMENT', `The folder ${folder} does not exist: choose a folder that does. Nothing was saved.`, { cause: err });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new CoreError('INVALID_ARGUMENT', `Recollect may not write into ${folder}: choose another folder. Nothing was saved.`, { cause: err });
  if (code === 'ENOSPC') return new CoreError('DISK_FULL', `The disk holding ${folder} is full: free some space and save again. Nothing was saved.`, { cause: err });
  return new CoreError('INVALID_ARGUMENT', `Cannot save into ${folder}: ${err instanceof Error ? err.message : String(err)}. Nothing was saved.`, { cause: err });
}

/** The folder must exist and be a folder before a full-size render is spent on it. */
async function checkFolder(folder: string): Promise<void> {
  const st = await stat(folder).catch((err: unknown) => {
    throw cannotWrite(folder, err);
  });
  if (!st.isDirectory()) throw new CoreError('INVALID_ARGUMENT', `${folder} is a file, not a folder: choose a folder for the copy. Nothing was saved.`);
}

/** Creates `file` exclusively and writes `bytes`; false when the name exists. A half-written file is removed. */
async function writeExclusive(file: string, bytes: Buffer): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'EEXIST') return false;
    throw cannotWrite(path.dirname(file), err);
  }
  try {
    await handle.writeFile(bytes);
    await handle.close();
    return true;
  } catch (err) {
    await handle.close().catch(() => {});
    // Ours, and incomplete (a full disk): never leave a broken copy behind.
    await unlink(file).catch(() => {});
    throw err;
  }
}

async function styledBytes(request: SaveStyledCopyRequest, format: OutputFormat): Promise<Buffer> {
  const opened = await openImage(request.source);
  const { data, info } = await opened.pipeline().keepIccProfile().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const channels = info.channels === 4 ? 4 : 3;
  const upright = channels === info.channels ? { data, width: info.width, height: info.height, channels } as const : await decodeRaw(await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toBuffer());
  // Level 0: an intermediate for the provider; compressing 36 MB (12 MP) would cost a second.
  const rendered = await request.provider.render?.(await encodePng(upright, 0), request.recipe, request.signal);
  if (!rendered) throw new CoreError('STYLE_UNAVAILABLE', `The ${request.provider.name} cannot render a full-size copy; save the preview instead.`);
  if (!WRITABLE[opened.format]) return encode(sharp(rendered, SHARP_INPUT_OPTIONS), format).toBuffer();
  const original = await readFile(request.source);
  const pipeline = sharp(original, SHARP_INPUT_OPTIONS).autoOrient().composite([{ input: rendered, blend: 'source' }]).keepExif().keepIccProfile();
  return encode(pipeline, format).toBuffer();
}

export async function saveStyledCopy(request: SaveStyledCopyRequest): Promise<{ path: string }> {
  const source = path.resolve(request.source);
  if (request.target !== undefined) {
    const target = path.resolve(request.target);
    await checkFolder(path.dirname(target));
    if (target === source) throw new CoreError('INVALID_ARGUMENT', 'The copy cannot replace the original: choose another file name.');
    const bytes = await styledBytes(request, formatOfTarget(target));
    if (!(await writeExclusive(target, bytes))) throw new CoreError('INVALID_ARGUMENT', `${target} exists already; nothing was overwritten. Choose another file name.`);
    return { path: target };
  }
  const opened = await openImage(source);
  const format = WRITABLE[opened.format] ?? 'jpeg';
  const folder = path.resolve(request.folder ?? path.dirname(source));
  await checkFolder(folder);
  const bytes = await styledBytes(request, format);
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const file = path.join(folder, copyName(source, request.label, format, n));
    if (await writeExclusive(file, bytes)) return { path: file };
  }
  throw new CoreError('INVALID_ARGUMENT', `${MAX_NAME_TRIES} styled copies of ${path.basename(source)} exist in ${folder} already; choose another folder.`);
}
