/**
 * The ONNX style-network provider with the generated fixture networks (1x1 convolutions computing
 * known colour transforms): what a user gets is the transform applied to their photo, at preview
 * size and at full size (tiled), blended by strength; broken models and folders say what is wrong.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStyleModels } from '../../tools/style-model/style-models.js';
import { BLUEN, SEPIA } from '../../tools/style-model/colour-transforms.js';
import { REPO_ROOT } from '../helpers/cli-process.js';
import { makeStyleFixtures, maxDifference, onnxStyleProvider, pixelsOf, transformDirectly, type StyleFixtures } from '../helpers/style-networks.js';

let fx: StyleFixtures;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  fx = await makeStyleFixtures();
});
afterAll(async () => {
  await rm(fx.root, { recursive: true, force: true });
});

describe('the fixture style networks', () => {
  it('regenerate byte for byte as committed under models/fixtures/style-networks', async () => {
    const committed = path.join(REPO_ROOT, 'models/fixtures/style-networks');
    for (const [kind, dir] of Object.entries(fx.folders)) {
      const names = await readdir(dir);
      expect(names.length, kind).toBeGreaterThan(0);
      for (const name of names) {
        expect(await readFile(path.join(committed, path.basename(dir), name)), `${kind}/${name}`).toEqual(await readFile(path.join(dir, name)));
      }
    }
  });
});

describe('ONNX style provider: output', () => {
  it('is the sepia transform applied to every pixel of the photo, within rounding', async () => {
    const provider = onnxStyleProvider({ folder: fx.folders.colour });
    const result = await provider.preview({ image: fx.photoBytes, prompt: 'sepia', strength: 1, size: 4096 });
    const original = await pixelsOf(fx.photoBytes);
    const styled = await pixelsOf(result.image);
    expect([styled.width, styled.height]).toEqual([original.width, original.height]);
    expect(maxDifference(styled.data, transformDirectly(original, SEPIA))).toBeLessThanOrEqual(1);
    expect(result.recipe).toMatchObject({ provider: 'onnx-style', style: 'sepia', name: 'Sepia', strength: 1, chosenBy: 'prompt-names-it', rangesFrom: 'sidecar' });
    await provider.dispose?.();
  });

  it('blends with the original by strength (0 leaves the photo as it was)', async () => {
    const provider = onnxStyleProvider({ folder: fx.folders.colour });
    const original = await pixelsOf(fx.photoBytes);
    const half = await pixelsOf((await provider.preview({ image: fx.photoBytes, prompt: 'Blue', strength: 0.5, size: 4096 })).image);
    expect(maxDifference(half.data, transformDirectly(original, BLUEN, 0.5))).toBeLessThanOrEqual(1);
    const none = await pixelsOf((await provider.preview({ image: fx.photoBytes, prompt: 'blue', strength: 0, size: 4096 })).image);
    expect(maxDifference(none.data, original.data)).toBe(0);
    await provider.dispose?.();
  });

  it('renders at the requested preview size, never enlarging', async () => {
    const provider = onnxStyleProvider({ folder: fx.folders.colour });
    const small = await pixelsOf((await provider.preview({ image: fx.photoBytes, prompt: 'sepia', strength: 1, size: 200 })).image);
    expect(Math.max(small.width, small.height)).toBe(200);
    await provider.dispose?.();
  });

  it('tiles a photo for a fixed-size network (96x96 input) without visible seams, ranges detected', async () => {
    const provider = onnxStyleProvider({ folder: fx.folders.fixedSize, overlap: 16 });
    const result = await provider.preview({ image: fx.photoBytes, prompt: '', strength: 1, size: 4096 });
    const original = await pixelsOf(fx.photoBytes);
    expect(maxDifference((await pixelsOf(result.image)).data, transformDirectly(original, SEPIA))).toBeLessThanOrEqual(1);
    expect(result.recipe).toMatchObject({ style: 'sepia-96', chosenBy: 'first', rangesFrom: 'detected', inputRange: [0, 255], outputRange: [0, 255] });
    await provider.dispose?.();
  });

  it('re-renders a recipe at full size in tiles, the same as the preview, and never changes the original', async () => {
    const before = sha256(await readFile(fx.photo.path));
    const provider = onnxStyleProvider({ folder: fx.folders.colour, tileSize: 128, overlap: 24 });
    const full = await provider.render?.(await readFile(fx.photo.path), { style: 'sepia', strength: 0.75 });
    if (!full) throw new Error('render returned nothing');
    const original = await pixelsOf(fx.photoBytes);
    expect(maxDifference((await pixelsOf(full)).data, transformDirectly(original, SEPIA, 0.75))).toBeLessThanOrEqual(1);
    expect(sha256(await readFile(fx.photo.path))).toBe(before);
    await provider.dispose?.();
  });

  it('stops when the preview is cancelled', async () => {
    const provider = onnxStyleProvider({ folder: fx.folders.colour, tileSize: 64 });
    const controller = new AbortController();
    let tiles = 0;
    const run = provider.preview({
      image: fx.photoBytes,
      prompt: 'sepia',
      strength: 1,
      size: 4096,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage.includes('tiles') && ++tiles === 2) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(tiles).toBe(2);
    await provider.dispose?.();
  });
});

describe('ONNX style provider: problems in words', () => {
  it('names the file and the shape of a network that does not take [1,3,H,W]', async () => {
    for (const [style, shape] of [['four-channels', /\[1,4,height,width\]/], ['rank-three', /\[3,height,width\]/]] as const) {
      const provider = onnxStyleProvider({ folder: fx.folders.wrongShape });
      const err = await provider.preview({ image: fx.photoBytes, prompt: style, strength: 1, size: 256 }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      const message = err instanceof Error ? err.message : '';
      expect(message).toContain(`${style}.onnx`);
      expect(message).toMatch(shape);
      expect(message).toContain('[1,3,H,W]');
      await provider.dispose?.();
    }
  });

  it('says why it is not available: no folder set, folder missing, folder empty, only broken sidecars', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'recollect-nostyles-'));
    const broken = path.join(empty, 'broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'mosaic.onnx'), 'x');
    await writeFile(path.join(broken, 'mosaic.json'), JSON.stringify({ inputRange: [255, 0] }));
    const reason = async (settings: Record<string, unknown>): Promise<string> => {
      const a = await onnxStyleProvider(settings).available();
      return a.ok ? 'ok' : a.reason;
    };
    expect(await reason({})).toMatch(/folder that holds your style networks/);
    expect(await reason({ folder: path.join(empty, 'nope') })).toBe(`No style models in ${path.join(empty, 'nope')} (the folder does not exist)`);
    expect(await reason({ folder: empty })).toMatch(new RegExp(`^No style models in ${empty.replace(/[/\\.]/g, '\\$&')}`));
    expect(await reason({ folder: broken })).toMatch(/mosaic\.json: inputRange.*high > low/);
    expect(await reason({ folder: fx.folders.colour })).toBe('ok');
    await rm(empty, { recursive: true, force: true });
  });

  it('regenerates into any folder (the test does not depend on the committed copies)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'recollect-regen-'));
    const folders = await writeStyleModels(dir);
    expect((await readdir(folders.colour)).sort()).toEqual(['blue.json', 'blue.onnx', 'red.json', 'red.onnx', 'sepia.json', 'sepia.onnx']);
    await rm(dir, { recursive: true, force: true });
  });
});
