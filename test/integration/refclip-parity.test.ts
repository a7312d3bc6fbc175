/**
 * Parity of the product path (loadClipModel + openImage) with the reference implementation
 * (Hugging Face transformers + tokenizers, torch) on refclip-a, a tiny random-weight CLIP with the
 * real CLIP tokenizer. Bars from shared/reference-models/README.md: token ids equal for every text,
 * text cosine >= 0.99999, image cosine >= 0.9999 (fp32); the int8 model within 0.999.
 * The reference files are not committed (derived from public data); they live in ../shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ClipModel } from '../../electron/core/embed/clip-model.js';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { readModelFolder } from '../../electron/core/embed/read-model-folder.js';
import { cosineSimilarity } from '../../electron/core/embed/vector-math.js';
import { openImage } from '../../electron/core/image/open-image.js';
import { CoreError } from '../../electron/core/core-error.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const modelDir = path.resolve(repoRoot, '../shared/reference-models/refclip-a');
const referencePath = path.join(modelDir, 'reference.json');
const available = existsSync(referencePath);
if (!available) {
  console.warn(`refclip-a parity tests skipped: ${referencePath} not found (shared reference models are not in the repository).`);
}

const referenceSchema = z.object({
  texts: z.array(
    z.object({
      text: z.string(),
      ids: z.array(z.number()),
      ids_padded77: z.array(z.number()),
      text_embeds: z.array(z.number()),
    }),
  ),
  images: z.array(z.object({ file: z.string(), image_embeds: z.array(z.number()) })),
});
type Reference = z.infer<typeof referenceSchema>;

const TEXT_BAR = 0.99999;
const IMAGE_BAR = 0.9999;
const QUANTIZED_BAR = 0.999;

function worst(cosines: readonly number[], labels: readonly string[]): { cosine: number; label: string } {
  let i = 0;
  cosines.forEach((c, j) => {
    if (c < (cosines[i] ?? Infinity)) i = j;
  });
  return { cosine: cosines[i] ?? NaN, label: labels[i] ?? '' };
}

async function embedReferenceImages(model: ClipModel, ref: Reference): Promise<Float32Array[]> {
  const pixels: Float32Array[] = [];
  for (const image of ref.images) pixels.push(await model.preprocess(await openImage(path.join(modelDir, 'images', image.file))));
  return model.encodeImages(pixels);
}

describe.skipIf(!available)('refclip-a parity through loadClipModel + openImage', () => {
  let ref: Reference;
  let model: ClipModel;

  beforeAll(async () => {
    ref = referenceSchema.parse(JSON.parse(readFileSync(referencePath, 'utf8')));
    const started = performance.now();
    model = await loadClipModel(modelDir, { device: 'auto', threads: 1 });
    console.log(`refclip-a fp32 loaded in ${Math.round(performance.now() - started)} ms as ${model.id} on ${model.device}`);
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it('tokenizes every reference text to the reference ids, truncated to 77 with EOS kept last', () => {
    let equal = 0;
    for (const t of ref.texts) {
      const expected = t.ids.length > 77 ? [...t.ids.slice(0, 76), 49407] : t.ids;
      expect(model.tokenize(t.text), JSON.stringify(t.text)).toEqual(expected);
      equal++;
    }
    console.log(`token ids equal (unpadded): ${equal}/${ref.texts.length}`);
    expect(ref.texts.some((t) => t.ids.length > 77)).toBe(true);
  });

  it('pads every reference text exactly like ids_padded77', async () => {
    const { tokenizer } = await readModelFolder(modelDir, false);
    for (const t of ref.texts) {
      expect(tokenizer.pad(tokenizer.tokenize(t.text), 77), JSON.stringify(t.text)).toEqual(t.ids_padded77);
    }
    console.log(`token ids equal (padded to 77): ${ref.texts.length}/${ref.texts.length}`);
  });

  it(`embeds every text with cosine >= ${TEXT_BAR}, batched (padded) and one by one`, async () => {
    const texts = ref.texts.map((t) => t.text);
    const batched = await model.encodeTexts(texts);
    const single = await Promise.all(texts.map(async (t) => (await model.encodeTexts([t]))[0] ?? new Float32Array()));
    for (const [label, vectors] of [['batched', batched], ['one by one', single]] as const) {
      const cosines = vectors.map((v, i) => cosineSimilarity(v, ref.texts[i]?.text_embeds ?? []));
      const w = worst(cosines, texts);
      console.log(`text ${label}: worst cosine ${w.cosine.toFixed(10)} (${JSON.stringify(w.label.slice(0, 40))})`);
      expect(w.cosine).toBeGreaterThanOrEqual(TEXT_BAR);
    }
    expect(batched[0]?.length).toBe(model.dim);
  });

  it(`embeds every reference image with cosine >= ${IMAGE_BAR}`, async () => {
    const vectors = await embedReferenceImages(model, ref);
    const cosines = vectors.map((v, i) => cosineSimilarity(v, ref.images[i]?.image_embeds ?? []));
    cosines.forEach((c, i) => console.log(`image ${ref.images[i]?.file}: cosine ${c.toFixed(8)}`));
    const w = worst(cosines, ref.images.map((i) => i.file));
    console.log(`image fp32: worst cosine ${w.cosine.toFixed(8)} (${w.label})`);
    expect(w.cosine).toBeGreaterThanOrEqual(IMAGE_BAR);
  });

  it('returns L2-normalised vectors', async () => {
    const [v] = await model.encodeTexts(['a photo of a dog']);
    expect(Math.hypot(...(v ?? []))).toBeCloseTo(1, 5);
  });

  it('auto falls back to CPU with a recorded reason for every rejected GPU provider', () => {
    const last = model.providerAttempts.at(-1);
    expect(last).toMatchObject({ provider: model.device, ok: true });
    for (const attempt of model.providerAttempts.slice(0, -1)) {
      expect(attempt.ok).toBe(false);
      expect(attempt.reason).toMatch(/\S/);
    }
    if (model.device === 'cpu' && process.platform === 'linux') {
      expect(model.providerAttempts[0]).toMatchObject({ provider: 'webgpu', ok: false });
    }
    console.log(`provider attempts: ${JSON.stringify(model.providerAttempts)}`);
  });

  it('device "gpu" either runs on a self-checked GPU provider or fails with each provider\'s reason', async () => {
    const gpu = await loadClipModel(modelDir, { device: 'gpu' }).catch((err: unknown) => err);
    if (gpu instanceof CoreError) {
      expect(gpu.code).toBe('PROVIDER_FAILED');
      // Each provider's reason in words, never ONNX Runtime's source paths (issue 13, defect 5).
      if (process.platform === 'linux') expect(gpu.message).toMatch(/^No GPU works here: .*WebGPU over Vulkan/);
      expect(gpu.message).not.toMatch(/onnxruntime_src|\.cc:\d+/);
      return;
    }
    const loaded = gpu as ClipModel;
    expect(loaded.device).not.toBe('cpu');
    expect(loaded.providerAttempts.at(-1)?.cosine).toBeGreaterThanOrEqual(0.999);
    await loaded.dispose();
  });

  it('device "cpu" tries only the CPU', async () => {
    const cpu = await loadClipModel(modelDir, { device: 'cpu' });
    expect(cpu.device).toBe('cpu');
    expect(cpu.providerAttempts).toEqual([{ provider: 'cpu', ok: true }]);
    expect(cpu.id).toBe(model.id);
    await cpu.dispose();
    await cpu.dispose(); // idempotent
    await expect(cpu.encodeTexts(['a dog'])).rejects.toThrow(/after dispose/);
  });

  it(`loads the quantized variant, which agrees with the fp32 reference within ${QUANTIZED_BAR}`, async () => {
    const started = performance.now();
    const q = await loadClipModel(modelDir, { device: 'cpu', quantized: true });
    console.log(`refclip-a int8 loaded in ${Math.round(performance.now() - started)} ms as ${q.id}`);
    try {
      expect(q.quantized).toBe(true);
      expect(q.id).toMatch(/-q8$/);
      expect(q.id).not.toBe(model.id);
      const texts = await q.encodeTexts(ref.texts.map((t) => t.text));
      const images = await embedReferenceImages(q, ref);
      const textWorst = worst(texts.map((v, i) => cosineSimilarity(v, ref.texts[i]?.text_embeds ?? [])), ref.texts.map((t) => t.text));
      const imageWorst = worst(images.map((v, i) => cosineSimilarity(v, ref.images[i]?.image_embeds ?? [])), ref.images.map((i) => i.file));
      console.log(`int8 vs fp32 reference: worst text ${textWorst.cosine.toFixed(6)}, worst image ${imageWorst.cosine.toFixed(6)} (${imageWorst.label})`);
      expect(textWorst.cosine).toBeGreaterThanOrEqual(QUANTIZED_BAR);
      expect(imageWorst.cosine).toBeGreaterThanOrEqual(QUANTIZED_BAR);
    } finally {
      await q.dispose();
    }
  });
});
