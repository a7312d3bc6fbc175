/**
 * "Save a copy" (issue 11): a new file beside the original (or in a chosen folder) under a name
 * that does not exist yet, never overwriting anything (even with saves racing each other), EXIF
 * and ICC kept, orientation applied once, and the original only ever read (sha256).
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/logger.js';
import { identityRecipe } from '../../electron/core/style/look/look-recipe.js';
import { createStyleRegistry, StyleEngine } from '../../electron/core/style/style-engine.js';
import { BUILTIN_STYLE_PROVIDERS } from '../../electron/core/style/builtin-providers.js';
import { testStyleProviderFactory } from '../helpers/test-style-provider.js';

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
const LOOK = 'warm vintage film';

describe('saving a styled copy', () => {
  let dir = '';
  let original = '';
  let originalHash = '';
  let engine: StyleEngine;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'style-save-'));
    // 120 x 80 stored, EXIF orientation 6 (shown 80 x 120), a Display P3 profile, a copyright.
    const raw = Buffer.alloc(120 * 80 * 3);
    for (let i = 0; i < raw.length; i += 3) {
      const x = (i / 3) % 120;
      raw[i] = x < 60 ? 220 : 40;
      raw[i + 1] = 90;
      raw[i + 2] = x < 60 ? 30 : 200;
    }
    original = path.join(dir, 'IMG_0001.jpg');
    await sharp(raw, { raw: { width: 120, height: 80, channels: 3 } })
      .withIccProfile('p3')
      .withExif({ IFD0: { Copyright: 'Recollect test photo' } })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 95 })
      .toFile(original);
    originalHash = await sha256(original);
    // The look finder renders without its model; saving never needs one.
    engine = new StyleEngine(
      createStyleRegistry({
        clipModel: async () => {
          throw new Error('saving must not need the model');
        },
        logger: silentLogger,
        factories: [...BUILTIN_STYLE_PROVIDERS, testStyleProviderFactory],
      }),
    );
  });

  afterAll(async () => {
    await engine?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes "IMG_0001 (warm vintage film).jpg" beside the original, upright, with EXIF and ICC kept', async () => {
    const { path: copy } = await engine.saveCopy(original, { provider: 'clip-look', recipe: identityRecipe(), label: LOOK });
    expect(copy).toBe(path.join(dir, `IMG_0001 (${LOOK}).jpg`));
    const meta = await sharp(copy).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 80, 120]);
    // Rotated once: the pixels are upright and the tag says so (1 or absent), never 6 again.
    expect(meta.orientation ?? 1).toBe(1);
    const originalMeta = await sharp(original).metadata();
    expect(meta.icc?.equals(originalMeta.icc ?? Buffer.alloc(0))).toBe(true);
    expect(meta.exif?.includes(Buffer.from('Recollect test photo'))).toBe(true);
    // Identity recipe: the same colours as the original shown upright (JPEG re-encoding aside).
    const a = await sharp(original).autoOrient().raw().toBuffer();
    const b = await sharp(copy).raw().toBuffer();
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    expect(diff / a.length).toBeLessThan(3);
    expect(await sha256(original)).toBe(originalHash);
  });

  it('never overwrites: the next free name is taken, existing files keep their bytes', async () => {
    const taken = path.join(dir, `IMG_0001 (${LOOK}) 2.jpg`);
    await writeFile(taken, 'a file the user made');
    const { path: copy } = await engine.saveCopy(original, { provider: 'clip-look', recipe: { ...identityRecipe(), exposure: 0.3 }, label: LOOK });
    expect(copy).toBe(path.join(dir, `IMG_0001 (${LOOK}) 3.jpg`));
    expect(await readFile(taken, 'utf8')).toBe('a file the user made');
    expect(await sha256(original)).toBe(originalHash);
  });

  it('gives racing saves distinct names (exclusive create), each a complete image', async () => {
    const folder = path.join(dir, 'race');
    await mkdir(folder);
    const saves = await Promise.all(Array.from({ length: 5 }, () => engine.saveCopy(original, { provider: 'test-grey', recipe: { grey: 1 }, label: 'grey', folder })));
    const names = saves.map((s) => path.basename(s.path));
    expect(new Set(names).size).toBe(5);
    expect((await readdir(folder)).sort()).toEqual([...names].sort());
    for (const s of saves) expect((await sharp(s.path).metadata()).width).toBe(80);
  });

  it('refuses an exact target that exists, and a target that is the original', async () => {
    const target = path.join(dir, 'mine.jpg');
    await writeFile(target, 'keep me');
    await expect(engine.saveCopy(original, { provider: 'clip-look', recipe: identityRecipe(), label: LOOK, target })).rejects.toThrow(/exists already; nothing was overwritten/);
    expect(await readFile(target, 'utf8')).toBe('keep me');
    await expect(engine.saveCopy(original, { provider: 'clip-look', recipe: identityRecipe(), label: LOOK, target: original })).rejects.toThrow(/cannot replace the original/);
    expect(await sha256(original)).toBe(originalHash);
  });

  it('refuses a recipe out of bounds before writing anything', async () => {
    const before = await readdir(dir);
    await expect(engine.saveCopy(original, { provider: 'clip-look', recipe: { kind: 'look', exposure: 9 }, label: LOOK })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await readdir(dir)).toEqual(before);
  });

  it('says in words when the chosen folder is missing or is a file, and writes nothing', async () => {
    const before = await readdir(dir);
    await expect(engine.saveCopy(original, { provider: 'clip-look', recipe: identityRecipe(), label: LOOK, folder: path.join(dir, 'Nowhere') })).rejects.toThrow(
      /The folder .*Nowhere does not exist: choose a folder that does\. Nothing was saved\./,
    );
    await expect(engine.saveCopy(original, { provider: 'clip-look', recipe: identityRecipe(), label: LOOK, folder: original })).rejects.toThrow(/is a file, not a folder/);
    expect(await readdir(dir)).toEqual(before);
    expect(await sha256(original)).toBe(originalHash);
  });
});
