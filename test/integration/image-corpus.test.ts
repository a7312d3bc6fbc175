/**
 * Runs openImage over every candidate file of the shared public corpus
 * (/work/shared/corpus, see its MANIFEST.md) and checks the contract the indexer relies on:
 * each file either yields a 224x224 RGB model input or fails with a one-line CoreError;
 * nothing hangs, crashes or grows memory without bound; no file is modified.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../electron/core/core-error.js';
import { pipelineError } from '../../electron/core/image/decode-error.js';
import { openImage } from '../../electron/core/image/open-image.js';
import type { ImageFormat } from '../../electron/core/image/opened-image.js';
import { isCandidateImagePath } from '../../electron/core/image/supported-formats.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const haveCorpus = existsSync(join(corpus, 'SHA256SUMS'));
if (!haveCorpus) console.warn(`image corpus test skipped: no corpus at ${corpus} (expected ../shared/corpus)`);

const PER_FILE_TIMEOUT_MS = 20_000;
const SIZE = 224;

type Outcome =
  | { ok: true; format: ImageFormat; width: number; height: number; bytes: number; rssGrowth: number }
  | { ok: false; error: unknown; rssGrowth: number };

function checksums(): Map<string, string> {
  const lines = readFileSync(join(corpus, 'SHA256SUMS'), 'utf8').trim().split('\n');
  // sha256sum format: 64 hex digits, two spaces (or space + '*'), then the path.
  return new Map(lines.map((line) => [line.slice(66), line.slice(0, 64)]));
}

async function modelInput(path: string): Promise<Outcome> {
  const rssBefore = process.memoryUsage().rss;
  try {
    const image = await openImage(path);
    const data = await image
      .pipeline()
      .resize(SIZE, SIZE, { fit: 'fill' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer()
      .catch((err: unknown) => {
        throw pipelineError(err, image);
      });
    // The decoded frame must have the reported display shape (orientation, primary item).
    const small = await image.pipeline().resize(64, 64, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
    const scale = 64 / Math.max(image.width, image.height);
    const expected = [Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale))];
    const shapeMatches = Math.abs(small.info.width - (expected[0] ?? 0)) <= 1 && Math.abs(small.info.height - (expected[1] ?? 0)) <= 1;
    if (!shapeMatches) {
      const got = `${small.info.width}x${small.info.height}`;
      throw new Error(`SHAPE: reported ${image.width}x${image.height} but decoded ${got} at 64 px`);
    }
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    return { ok: true, format: image.format, width: image.width, height: image.height, bytes: data.length, rssGrowth };
  } catch (error) {
    return { ok: false, error, rssGrowth: process.memoryUsage().rss - rssBefore };
  }
}

function withTimeout(path: string): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolvePromise) => {
    timer = setTimeout(
      () => resolvePromise({ ok: false, error: new Error(`HANG: no result after ${PER_FILE_TIMEOUT_MS} ms`), rssGrowth: 0 }),
      PER_FILE_TIMEOUT_MS,
    );
  });
  return Promise.race([modelInput(path), timeout]).finally(() => clearTimeout(timer));
}

/** "truncated or damaged JPEG (premature end...)" -> "truncated or damaged JPEG". */
function reasonKind(message: string): string {
  return message.replace(/\s*\(.*$/, '');
}

describe.skipIf(!haveCorpus)('openImage over the shared corpus', () => {
  const outcomes = new Map<string, Outcome>();
  let files: string[] = [];

  beforeAll(async () => {
    files = [...checksums().keys()].filter(isCandidateImagePath);
    for (const file of files) outcomes.set(file, await withTimeout(join(corpus, file)));
    const failed = [...outcomes.values()].filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
    const groups = new Map<string, number>();
    for (const { error } of failed) {
      const key = error instanceof CoreError ? `${error.code}: ${reasonKind(error.message)}` : `NOT A CoreError: ${String(error)}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    const grouped = [...groups].sort((a, b) => b[1] - a[1]).map(([key, n]) => `  ${n} x ${key}`);
    console.log(`image corpus: ${files.length} candidates, opened ${files.length - failed.length}, failed ${failed.length}\n${grouped.join('\n')}`);
  }, 180_000);

  const outcome = (file: string): Outcome => {
    const found = outcomes.get(file);
    if (!found) throw new Error(`${file} was not run (not a candidate?)`);
    return found;
  };

  it('gives every candidate a 224x224 RGB input or a one-line CoreError, with no hang', () => {
    expect(files.length).toBeGreaterThan(350);
    for (const [file, result] of outcomes) {
      if (result.ok) {
        expect(result.bytes, file).toBe(SIZE * SIZE * 3);
        continue;
      }
      expect(result.error, `${file}: ${String(result.error)}`).toBeInstanceOf(CoreError);
      const message = (result.error as CoreError).message;
      expect(message, file).toMatch(/^[^\n]{5,200}$/);
      expect(message, file).not.toMatch(/bad seek|\/work\//);
    }
  });

  it('decodes phone HEICs (HEVC) upright via libheif', () => {
    expect(outcome('photoprism-examples/iphone_7.heic')).toMatchObject({ ok: true, format: 'heif', width: 3024, height: 4032 });
    expect(outcome('photoprism-examples/iphone_15_pro.heic')).toMatchObject({ ok: true, format: 'heif', width: 3024, height: 4032 });
    expect(outcome('exif-samples/heic/IMG_5195.HEIC')).toMatchObject({ ok: true, format: 'heif', width: 2566, height: 3313 });
  });

  it('decodes the AVIFs natively, including irot/imir/clap and grids', () => {
    const avifs = files.filter((f) => f.endsWith('.avif') && !f.includes('/non_compliant/'));
    expect(avifs.length).toBeGreaterThan(10);
    for (const file of avifs) expect(outcome(file), file).toMatchObject({ ok: true, format: 'avif' });
    expect(outcome('heif-avif/av1-avif/Microsoft/Ronda_rotate90.avif')).toMatchObject({ width: 1080, height: 1920 });
  });

  it('fails every corrupt PngSuite x*.png with a PNG reason', () => {
    const corrupt = files.filter((f) => /^pngsuite\/x/.test(f));
    expect(corrupt.length).toBe(14);
    for (const file of corrupt) {
      const result = outcome(file);
      expect(result.ok, file).toBe(false);
      if (!result.ok) expect((result.error as CoreError).message, file).toMatch(/PNG \(/);
    }
  });

  it('rejects images over the pixel limit before decoding', () => {
    for (const file of ['sharp-fixtures/giant-image.jpg', 'sharp-fixtures/65536-uint32-limit.png']) {
      const result = outcome(file);
      expect(result.ok, file).toBe(false);
      if (!result.ok) expect((result.error as CoreError).code, file).toBe('IMAGE_TOO_LARGE');
    }
  });

  it('survives decompression bombs without a memory spike', () => {
    // MANIFEST: decompression_bomb.gif REJECT-LIMIT or SKIP-ERROR; the _extents GIF may be
    // indexed clipped to its 100x100 canvas; png_decompression_dos.png may index with its
    // huge zTXt chunks ignored. What matters: no OOM, no long spin.
    expect(outcome('pillow/decompression_bomb.gif').ok).toBe(false);
    for (const file of ['pillow/decompression_bomb.gif', 'pillow/decompression_bomb_extents.gif', 'pillow/png_decompression_dos.png']) {
      expect(outcome(file).rssGrowth, file).toBeLessThan(256 * 1024 * 1024);
    }
  });

  it('opens the DNG through its largest embedded preview', () => {
    expect(outcome('raw/photoprism/canon_eos_6d.dng')).toMatchObject({ ok: true, format: 'raw-preview', width: 1024, height: 683 });
  });

  it('opens a Canon CR3 through its PRVW preview', () => {
    expect(outcome('raw/exiv2/Canon-R6-pruned.CR3')).toMatchObject({ ok: true, format: 'raw-preview', width: 1620, height: 1080 });
  });

  it('says clearly when a RAW has no usable preview', () => {
    const result = outcome('raw/exiftool-stripped/DNG.dng');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'UNSUPPORTED_FORMAT', message: expect.stringContaining('no embedded preview') });
  });

  it('trusts magic bytes over the extension', () => {
    expect(outcome('photoprism-examples/this-is-a-jpeg.png')).toMatchObject({ ok: true, format: 'jpeg' });
    expect(outcome('photoprism-examples/wrong.heic')).toMatchObject({ ok: true, format: 'jpeg' });
    expect(outcome('raw/metadata-extractor-images/Issue 247-1.nef')).toMatchObject({ ok: true, format: 'jpeg' });
  });

  it('treats truncated files as per-file errors (failOn: truncated)', () => {
    for (const file of ['pillow/truncated_jpeg.jpg', 'sharp-fixtures/truncated.jpg', 'sharp-fixtures/truncated.png', 'everyday/scikit-image/truncated.jpg']) {
      const result = outcome(file);
      expect(result.ok, file).toBe(false);
      if (!result.ok) expect((result.error as CoreError).message, file).toMatch(/truncated/);
    }
  });

  it('does not try sidecars and text files', () => {
    for (const file of ['photoprism-examples/IMG_4120.AAE', 'raw/photoprism/canon_eos_6d.xmp', 'pngsuite/LICENSE', 'raw/rawpy/README.txt']) {
      expect(isCandidateImagePath(file), file).toBe(false);
    }
  });

  it('leaves every corpus file byte-for-byte unchanged', async () => {
    for (const [file, expected] of checksums()) {
      const actual = createHash('sha256').update(await readFile(join(corpus, file))).digest('hex');
      expect(actual, file).toBe(expected);
    }
  });
});
