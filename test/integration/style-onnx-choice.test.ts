/**
 * Choosing among installed style networks by the look typed, with the fixture CLIP model (it knows
 * colours): "a red shape" picks the network that turns photos red, "a blue shape" the blue one, on
 * a photo of a brown shape; without a CLIP model the settings' style (or the first) is used.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipModel } from '../../electron/core/embed/clip-model.js';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { makeStyleFixtures, onnxStyleProvider, type StyleFixtures } from '../helpers/style-networks.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

let fx: StyleFixtures;
let clip: ClipModel;

beforeAll(async () => {
  // Seed 7 renders one brown shape on a plain background: neither red nor blue.
  [fx, clip] = await Promise.all([makeStyleFixtures({ seed: 7 }), loadClipModel(FIXTURE_MODEL_DIR, { device: 'cpu', threads: 1 })]);
  expect(fx.photo.objects.map((o) => o.colour)).toEqual(['brown']);
});
afterAll(async () => {
  await clip.dispose();
  await rm(fx.root, { recursive: true, force: true });
});

describe('ONNX style provider: the prompt chooses the style', () => {
  it.each([
    ['a red shape', 'red'],
    ['a blue shape', 'blue'],
  ])('"%s" picks the %s network and the photo looks more like the prompt afterwards', async (prompt, style) => {
    const provider = onnxStyleProvider({ folder: fx.folders.colour }, { clipModel: async () => clip });
    const result = await provider.preview({ image: fx.photoBytes, prompt, strength: 1, size: 512 });
    expect(result.recipe).toMatchObject({ style, chosenBy: 'prompt' });
    const votes = result.recipe.votes as Record<string, number>;
    expect(Math.max(...Object.values(votes))).toBe(votes[style]);
    expect(result.scores?.after).toBeGreaterThan(result.scores?.before ?? 1);
    expect(result.scores?.directional).toBeGreaterThan(0);
    await provider.dispose?.();
  });

  it('without a CLIP model uses the style the settings name, or the first installed one', async () => {
    const pinned = onnxStyleProvider({ folder: fx.folders.colour, style: 'Red' });
    expect((await pinned.preview({ image: fx.photoBytes, prompt: 'a blue shape', strength: 1, size: 256 })).recipe).toMatchObject({ style: 'red', chosenBy: 'setting' });
    const plain = onnxStyleProvider({ folder: fx.folders.colour });
    const result = await plain.preview({ image: fx.photoBytes, prompt: 'a blue shape', strength: 1, size: 256 });
    expect(result.recipe).toMatchObject({ style: 'blue', chosenBy: 'first' });
    expect(result.scores).toBeUndefined();
    await Promise.all([pinned.dispose?.(), plain.dispose?.()]);
  });
});
