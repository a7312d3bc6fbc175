/**
 * The CLIP look finder with the fixture model (issue 11 "What must be shown"): on photos of other
 * colours, "a red shape" / "a blue shape" raise the directional score and the similarity to the
 * prompt, more with each step of strength (0, 0.25, 0.5, 0.75, 1), while the content cosine stays
 * above the floor. The search is capped by generations (not seconds), so it is reproducible.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipModel } from '../../electron/core/embed/clip-model.js';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { silentLogger } from '../../electron/core/logger.js';
import { CLIP_LOOK_DEFAULTS } from '../../electron/core/style/providers/clip-look-finder.js';
import { createStyleRegistry, StyleEngine } from '../../electron/core/style/style-engine.js';
import type { StyleProgress } from '../../electron/core/style/style-provider.js';
import { renderScene } from '../../tools/fixture-model/render-scene.js';
import { chooseScenes } from '../helpers/render-scenes.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

const STRENGTHS = [0, 0.25, 0.5, 0.75, 1];
const SETTINGS = { budgetSeconds: 120, maxGenerations: 8, seed: 11 };

const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('CLIP look finder on the fixture model', () => {
  let dir = '';
  let model: ClipModel;
  let engine: StyleEngine;
  const photos: { path: string; colour: string }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'style-look-'));
    model = await loadClipModel(FIXTURE_MODEL_DIR, { device: 'cpu' });
    engine = new StyleEngine(createStyleRegistry({ clipModel: async () => model, logger: silentLogger, settingsFor: () => SETTINGS }));
    // Single shapes of colours that are neither red nor blue (nor the near-reds pink/orange/purple).
    const wanted = ['green', 'yellow', 'white', 'brown'];
    const scenes = chooseScenes(
      wanted.map((colour) => ({ count: 1, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === colour })),
      5000,
      1,
    ).flat();
    for (const s of scenes) {
      const r = await renderScene(s.seed, { width: 640, height: 480, maxObjects: 1, format: 'jpeg', quality: 90 });
      const file = path.join(dir, `scene-${s.seed}.jpg`);
      await writeFile(file, r.buffer);
      photos.push({ path: file, colour: s.objects[0]?.colour ?? '' });
    }
  }, 120_000);

  afterAll(async () => {
    await engine?.dispose();
    await model?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Three search seeds, so the claim is about the finder and not one lucky draw of its optimiser.
  const SEEDS = [1, 2, 3];
  for (const prompt of ['a red shape', 'a blue shape']) {
    it(`"${prompt}": similarity rises with strength, never falls, direction positive, content above the floor`, async () => {
      expect(photos.length).toBe(4);
      const gains: number[] = [];
      let rising = 0;
      for (const seed of SEEDS) {
        const seeded = new StyleEngine(createStyleRegistry({ clipModel: async () => model, logger: silentLogger, settingsFor: () => ({ ...SETTINGS, seed }) }));
        for (const photo of photos) {
          const before = await sha256(photo.path);
          const runs = [];
          for (const strength of STRENGTHS) runs.push(await seeded.preview(photo.path, { prompt, strength, size: 512 }));
          const scores = runs.map((r) => r.scores);
          const after = scores.map((s) => s?.after ?? Number.NaN);
          const label = `seed ${seed}, ${photo.colour} photo, "${prompt}": ${after.map((a) => a.toFixed(3)).join(' ')}, direction ${scores.map((s) => (s?.directional ?? 0).toFixed(2)).join(' ')}`;
          // Strength 0 is the photo itself.
          expect(after[0], label).toBeCloseTo(scores[0]?.before ?? 0, 5);
          // Never less like the prompt for more strength, measured on the preview as shown; where
          // no look keeps the content above the floor and rises steadily, the finder leaves the
          // photo as it is (equal scores).
          for (let i = 1; i < after.length; i++) expect(after[i], label).toBeGreaterThanOrEqual((after[i - 1] ?? 0) - 1e-6);
          for (const s of scores) expect(s?.content, label).toBeGreaterThanOrEqual(CLIP_LOOK_DEFAULTS.contentFloor);
          const steps = scores.slice(1);
          // Wherever the photo changed, it changed in the prompt's direction.
          for (const s of steps) if (s?.directional !== undefined && (s.content ?? 1) < 1 - 1e-6) expect(s.directional, label).toBeGreaterThan(0);
          const strictly = after.every((a, i) => i === 0 || a > (after[i - 1] ?? 0) + 1e-3) && steps.every((s) => (s?.directional ?? 0) > 0);
          if (strictly) rising++;
          console.log(`${label}${strictly ? '' : ' (no steady look found)'}`);
          gains.push((after[4] ?? 0) - (after[0] ?? 0));
          expect(await sha256(photo.path)).toBe(before);
        }
        await seeded.dispose();
      }
      // Most previews get a look that rises at every step (measured 2026-12-04 with the model's
      // neutral prompt "a photo of a shape": "a red shape" 12 of 12, "a blue shape" 11 of 12: on
      // the white shape, seed 1's six fittest looks all dip at strength 0.25 before rising), and
      // on average a clear change.
      expect(rising).toBeGreaterThanOrEqual(10);
      expect(gains.reduce((a, b) => a + b, 0) / gains.length).toBeGreaterThan(0.04);
    }, 480_000);
  }

  it('returns a preview of the requested size and a plain JSON recipe that parses back', async () => {
    const photo = photos[0];
    if (!photo) throw new Error('no photo');
    const r = await engine.preview(photo.path, { prompt: 'a red shape', strength: 0.8, size: 320 });
    const { default: sharp } = await import('sharp');
    const meta = await sharp(r.image).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 320, 240]);
    expect(JSON.parse(JSON.stringify(r.recipe))).toEqual(r.recipe);
    expect(r.recipe.kind).toBe('look');
    expect(r.provider).toBe('clip-look');
  }, 60_000);

  it('finds the same recipe again for the same seed (a fresh provider, no cache)', async () => {
    const photo = photos[1];
    if (!photo) throw new Error('no photo');
    const again = new StyleEngine(createStyleRegistry({ clipModel: async () => model, logger: silentLogger, settingsFor: () => SETTINGS }));
    const a = await engine.preview(photo.path, { prompt: 'a blue shape', strength: 1, size: 512 });
    const b = await again.preview(photo.path, { prompt: 'a blue shape', strength: 1, size: 512 });
    expect(b.recipe).toEqual(a.recipe);
    await again.dispose();
  }, 60_000);

  it('reports progress and stops with CANCELLED when cancelled', async () => {
    const photo = photos[2];
    if (!photo) throw new Error('no photo');
    const controller = new AbortController();
    const seen: StyleProgress[] = [];
    const fresh = new StyleEngine(createStyleRegistry({ clipModel: async () => model, logger: silentLogger, settingsFor: () => ({ ...SETTINGS, maxGenerations: 200, patience: 200 }) }));
    const run = fresh.preview(photo.path, {
      prompt: 'a red shape',
      strength: 1,
      size: 256,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p);
        if (seen.length === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen[0]?.stage).toMatch(/Searching for the look/);
    // Not a slow finish: 200 generations would take far more than the few it ran.
    expect(seen.length).toBeLessThan(5);
    await fresh.dispose();
  }, 60_000);
});
