/**
 * A broken or unusual model folder: every missing or corrupt file is reported by name with what to
 * do, a folder moved elsewhere keeps its model id, and a text tower without an attention_mask
 * input (test/fixtures/text-model-no-mask) is fed correctly. Works on copies of refclip-a from
 * ../shared (not committed); skipped with a message when it is absent.
 */
import { chmod, cp, mkdir, mkdtemp, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipModel, LoadModelOptions } from '../../electron/core/embed/clip-model.js';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { cosineSimilarity } from '../../electron/core/embed/vector-math.js';
import { CoreError } from '../../electron/core/core-error.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sourceDir = path.resolve(repoRoot, '../shared/reference-models/refclip-a');
const noMaskTextModel = path.join(repoRoot, 'test/fixtures/text-model-no-mask/text_model.onnx');
const available = existsSync(path.join(sourceDir, 'config.json'));
if (!available) {
  console.warn(`model folder error tests skipped: ${sourceDir} not found (shared reference models are not in the repository).`);
}

const REQUIRED_FILES = [
  'config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/vision_model.onnx',
  'onnx/text_model.onnx',
];
const CPU: LoadModelOptions = { device: 'cpu', threads: 1 };

let workDir: string;
let copies = 0;

/** A writable copy of refclip-a (the shared one is read-only), without its reference images. */
async function copyModel(): Promise<string> {
  // Same folder name, another location: the name is part of the id (see model-id.ts).
  const dir = path.join(workDir, `copy-${copies++}`, 'refclip-a');
  await mkdir(path.dirname(dir));
  await cp(sourceDir, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}images`) });
  await makeWritable(dir);
  return dir;
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(full);
    else await chmod(full, 0o644);
  }
}

async function loadError(dir: string, options: LoadModelOptions = CPU): Promise<CoreError> {
  const result = await loadClipModel(dir, options).then(
    async (model) => {
      await model.dispose();
      return new Error('loaded without error');
    },
    (err: unknown) => err,
  );
  if (!(result instanceof CoreError)) throw new Error(`expected a CoreError, got ${String(result)}`);
  return result;
}

describe.skipIf(!available)('model folder errors and variants', () => {
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'recollect-model-'));
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it.each(REQUIRED_FILES)('a missing %s is named, with what to do', async (file) => {
    const dir = await copyModel();
    await unlink(path.join(dir, file));
    const err = await loadError(dir);
    expect(err.code).toBe('MODEL_MISSING_FILE');
    expect(err.message).toContain(`Model folder ${dir} is missing ${file}.`);
    expect(err.message).toContain('Download the model again');
  });

  it('a missing quantized file is named when the quantized model is asked for', async () => {
    const dir = await copyModel();
    await unlink(path.join(dir, 'onnx/vision_model_quantized.onnx'));
    const err = await loadError(dir, { ...CPU, quantized: true });
    expect(err.code).toBe('MODEL_MISSING_FILE');
    expect(err.message).toContain('onnx/vision_model_quantized.onnx');
  });

  it.each(REQUIRED_FILES)('a corrupt %s is named as unusable', async (file) => {
    const dir = await copyModel();
    await writeFile(path.join(dir, file), '{ "truncated": ');
    const err = await loadError(dir);
    expect(err.code).toBe('MODEL_INVALID');
    expect(err.message).toContain(`Model folder ${dir} has an unusable ${file}:`);
  });

  it('a preprocessor config that normalises without mean/std is rejected (no built-in CLIP constants)', async () => {
    const dir = await copyModel();
    await writeFile(path.join(dir, 'preprocessor_config.json'), JSON.stringify({ size: { shortest_edge: 224 }, crop_size: 224 }));
    const err = await loadError(dir);
    expect(err.code).toBe('MODEL_INVALID');
    expect(err.message).toMatch(/preprocessor_config\.json: .*image_mean/);
  });

  it('a projection_dim that disagrees with the towers is caught at load, naming the ONNX file', async () => {
    const dir = await copyModel();
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ projection_dim: 64 }));
    const err = await loadError(dir);
    expect(err.code).toBe('MODEL_INVALID');
    expect(err.message).toMatch(/onnx\/(text|vision)_model\.onnx: .*expected \[1, 64\]/);
  });

  it('loads without the optional special_tokens_map.json, and keeps its id when the folder moves', async () => {
    const original = await loadClipModel(sourceDir, CPU);
    const dir = await copyModel();
    await unlink(path.join(dir, 'special_tokens_map.json'));
    const moved = await loadClipModel(dir, CPU);
    try {
      expect(moved.id).toBe(original.id);
      expect(moved.id).toMatch(/^onnx-[0-9a-f]{12}$/);
      expect(moved.name).toBe('refclip-a');
    } finally {
      await Promise.all([original.dispose(), moved.dispose()]);
    }
  });

  describe('a text model whose only input is input_ids', () => {
    let model: ClipModel;
    beforeAll(async () => {
      const dir = await copyModel();
      await cp(noMaskTextModel, path.join(dir, 'onnx/text_model.onnx'));
      model = await loadClipModel(dir, CPU);
    });
    afterAll(async () => {
      await model?.dispose();
    });

    it('loads and embeds texts of different lengths in one batch as it does one by one', async () => {
      const texts = ['a dog', 'a photo of a dog running along the beach at sunset', ''];
      const batched = await model.encodeTexts(texts);
      expect(batched).toHaveLength(3);
      for (const [i, text] of texts.entries()) {
        const [single] = await model.encodeTexts([text]);
        expect(cosineSimilarity(batched[i] ?? [], single ?? [])).toBeGreaterThan(0.99999);
      }
      expect(cosineSimilarity(batched[0] ?? [], batched[1] ?? [])).toBeLessThan(0.999);
    });

    it('gets an id of its own, since its bytes differ', async () => {
      const original = await loadClipModel(sourceDir, CPU);
      expect(model.id).not.toBe(original.id);
      await original.dispose();
      expect((await stat(noMaskTextModel)).size).toBeLessThan(64 * 1024);
    });
  });
});
