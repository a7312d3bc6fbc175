/**
 * A combined-graph model folder (both towers in one onnx/model.onnx, as Chinese-CLIP and
 * jina-clip exports ship) loads through the product path and embeds exactly like the same weights
 * as two tower files. The folder is test/fixtures/shapes-clip-combined, generated from the
 * committed fixture model by tools/combined-model/make_combined_model.py; its outputs fail on an
 * empty batch, like the vision Reshape of real exports (models.md), so passing here means the loader
 * feeds the unused tower a dummy batch.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../electron/core/core-error.js';
import type { ClipModel, LoadModelOptions } from '../../electron/core/embed/clip-model.js';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { cosineSimilarity } from '../../electron/core/embed/vector-math.js';
import { openImage } from '../../electron/core/image/open-image.js';
import { REPO_ROOT } from '../helpers/cli-process.js';
import { renderPhotoFolder } from '../helpers/render-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

const COMBINED_DIR = path.join(REPO_ROOT, 'test/fixtures/shapes-clip-combined');
const CPU: LoadModelOptions = { device: 'cpu', threads: 1 };
const COSINE_BAR = 0.99999;
const MAX_ABS_DIFF = 1e-5;

const TEXTS = [
  'a red circle',
  'two blue squares on a white background',
  'a green triangle at night',
  'a',
  // Longer than the fixture's 32-token context: truncated with EOS kept last, in both layouts.
  Array.from({ length: 40 }, (_, i) => (i % 2 ? 'red circle' : 'blue square')).join(' and '),
];

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return worst;
}

function expectSameVectors(label: string, combined: Float32Array[], towers: Float32Array[]): void {
  expect(combined).toHaveLength(towers.length);
  let worstCosine = 1;
  let worstDiff = 0;
  combined.forEach((v, i) => {
    const t = towers[i] ?? new Float32Array(v.length);
    worstCosine = Math.min(worstCosine, cosineSimilarity(v, t));
    worstDiff = Math.max(worstDiff, maxAbsDiff(v, t));
  });
  console.log(`${label}: ${combined.length} vectors, worst cosine ${worstCosine.toFixed(9)}, max abs diff ${worstDiff.toExponential(2)}`);
  expect(worstCosine).toBeGreaterThanOrEqual(COSINE_BAR);
  expect(worstDiff).toBeLessThan(MAX_ABS_DIFF);
}

describe('a combined-graph model folder (onnx/model.onnx)', () => {
  let towers: ClipModel;
  let combined: ClipModel;
  let workDir: string;
  let pixels: Float32Array[];

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'recollect-combined-'));
    [towers, combined] = await Promise.all([loadClipModel(FIXTURE_MODEL_DIR, CPU), loadClipModel(COMBINED_DIR, CPU)]);
    const photos = await renderPhotoFolder(path.join(workDir, 'photos'), { count: 5, seed: 12, sizes: [200, 900] });
    pixels = await Promise.all(photos.map(async (p) => towers.preprocess(await openImage(p.path))));
  });
  afterAll(async () => {
    await Promise.all([towers?.dispose(), combined?.dispose()]);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('holds only the combined graph, whose outputs fail on an empty batch (the trap of real exports)', async () => {
    const session = await ort.InferenceSession.create(path.join(COMBINED_DIR, 'onnx/model.onnx'));
    try {
      expect([...session.inputNames].sort()).toEqual(['attention_mask', 'input_ids', 'pixel_values']);
      expect([...session.outputNames].sort()).toEqual(['image_embeds', 'text_embeds']);
      const text = { input_ids: new ort.Tensor('int64', BigInt64Array.from([632n, 633n]), [1, 2]) };
      const run = session.run({
        ...text,
        attention_mask: new ort.Tensor('int64', BigInt64Array.from([1n, 1n]), [1, 2]),
        pixel_values: new ort.Tensor('float32', new Float32Array(0), [0, 3, 224, 224]),
      });
      await expect(run).rejects.toThrow(/reshape/i);
    } finally {
      await session.release();
    }
  });

  it('loads as a model of the same dimension, with an id of its own (its bytes differ)', () => {
    expect(combined.dim).toBe(towers.dim);
    expect(combined.device).toBe('cpu');
    expect(combined.id).toMatch(/^onnx-[0-9a-f]{12}$/);
    expect(combined.id).not.toBe(towers.id);
  });

  it('keeps the two-tower id: sha256 of the vision then the text file, as every library has it', async () => {
    const hash = createHash('sha256');
    for (const file of ['onnx/vision_model.onnx', 'onnx/text_model.onnx']) hash.update(await readFile(path.join(FIXTURE_MODEL_DIR, file)));
    expect(towers.id).toBe(`onnx-${hash.digest('hex').slice(0, 12)}`);
  });

  it('tokenizes like the two-tower folder', () => {
    for (const text of TEXTS) expect(combined.tokenize(text)).toEqual(towers.tokenize(text));
  });

  it(`embeds texts equal to the tower files (cosine >= ${COSINE_BAR}), batched and one by one`, async () => {
    expectSameVectors('texts batched', await combined.encodeTexts(TEXTS), await towers.encodeTexts(TEXTS));
    for (const text of TEXTS) {
      expectSameVectors(`text ${JSON.stringify(text.slice(0, 20))}`, await combined.encodeTexts([text]), await towers.encodeTexts([text]));
    }
  });

  it(`embeds images equal to the tower files (cosine >= ${COSINE_BAR}), batched and one by one`, async () => {
    expectSameVectors('images batched', await combined.encodeImages(pixels), await towers.encodeImages(pixels));
    const [first] = pixels;
    if (!first) throw new Error('no test images');
    expectSameVectors('one image', await combined.encodeImages([first]), await towers.encodeImages([first]));
  });

  it('answers empty requests with no vectors', async () => {
    expect(await combined.encodeTexts([])).toEqual([]);
    expect(await combined.encodeImages([])).toEqual([]);
  });

  it('prefers tower files when a folder holds both layouts, so the id stays the two-tower one', async () => {
    const dir = path.join(workDir, 'both-layouts');
    await cp(FIXTURE_MODEL_DIR, dir, { recursive: true });
    await cp(path.join(COMBINED_DIR, 'onnx/model.onnx'), path.join(dir, 'onnx/model.onnx'));
    const model = await loadClipModel(dir, CPU);
    try {
      expect(model.id).toBe(towers.id);
    } finally {
      await model.dispose();
    }
  });

  it('refuses a model_type no family reads, naming it', async () => {
    const dir = path.join(workDir, 'unknown-family');
    await cp(COMBINED_DIR, dir, { recursive: true });
    const config = await readFile(path.join(dir, 'config.json'), 'utf8');
    const edited = config.replace('"model_type": "clip"', '"model_type": "owl_vit"');
    expect(edited).not.toBe(config);
    await writeFile(path.join(dir, 'config.json'), edited);
    const err = await loadClipModel(dir, CPU).then(
      async (m) => {
        await m.dispose();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CoreError);
    expect(err).toMatchObject({ code: 'MODEL_INVALID' });
    expect(String(err)).toMatch(/"owl_vit".*config\.json model_type.*it reads: clip/);
  });
});
