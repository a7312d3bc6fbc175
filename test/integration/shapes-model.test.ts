/**
 * Gate for models/fixtures/shapes-clip, measured through the product's code path
 * (openImage -> loadClipModel: tokenizer, sharp preprocessing, ONNX Runtime), not Python:
 * if these numbers hold, search tests built on this model test real behaviour.
 * Photos: 300 held-out renders (seed never used in training; 640-1280 px JPEG/PNG/WebP, some
 * with EXIF rotation). Zero-shot accuracy is over the single-object photos among them.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openImage } from '../../electron/core/image/open-image.js';
import { EVAL_SET, measureModel, type ModelMeasurement } from '../../tools/fixture-model/evaluate.js';
import { renderPhotoFolder, type RenderedPhoto } from '../helpers/render-photos.js';

const MODEL_DIR = resolve(import.meta.dirname, '../../models/fixtures/shapes-clip');

describe('shapes-clip fixture model through the product path', () => {
  let dir = '';
  let photos: RenderedPhoto[] = [];
  let m: ModelMeasurement;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shapes-model-'));
    photos = await renderPhotoFolder(dir, EVAL_SET);
    m = await measureModel(MODEL_DIR, photos);
    console.log(
      `shapes-clip on ${m.photos} held-out photos (${m.singles} single-object): ` +
        `zero-shot shape ${(m.shapeAcc * 100).toFixed(1)}%, colour ${(m.colourAcc * 100).toFixed(1)}%, ` +
        `retrieval mean P@5 ${m.precisionAt5.toFixed(3)} over ${m.queries.length} queries (${m.seconds.toFixed(1)} s)`,
    );
    for (const q of m.queries) console.log(`  P@5 ${q.precision.toFixed(2)}  "${q.text}" (${q.relevant} relevant)`);
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders the test photos it claims: EXIF-rotated files open upright at their scene size', async () => {
    const rotated = photos.filter((p) => p.orientation === 6 || p.orientation === 8);
    expect(rotated.length).toBeGreaterThan(0);
    for (const p of rotated.slice(0, 5)) {
      const opened = await openImage(p.path);
      expect([opened.width, opened.height]).toEqual([p.width, p.height]);
    }
  });

  it('names the shape zero-shot ("a photo of a {shape}") for >= 95% of single-object photos', () => {
    expect(m.singles).toBeGreaterThanOrEqual(150);
    expect(m.shapeAcc).toBeGreaterThanOrEqual(0.95);
  });

  it('names the colour zero-shot ("a photo of a {colour} shape") for >= 90% of single-object photos', () => {
    expect(m.colourAcc).toBeGreaterThanOrEqual(0.9);
  });

  it('retrieves photos for 20 compositional queries with mean precision@5 >= 0.8', () => {
    expect(m.queries).toHaveLength(20);
    expect(m.precisionAt5).toBeGreaterThanOrEqual(0.8);
  });

  it('stays small enough to commit (< 15 MB of ONNX)', async () => {
    const sizes = await Promise.all(['onnx/text_model.onnx', 'onnx/vision_model.onnx'].map((f) => stat(join(MODEL_DIR, f))));
    expect(sizes.reduce((s, st) => s + st.size, 0)).toBeLessThan(15e6);
  });
});
