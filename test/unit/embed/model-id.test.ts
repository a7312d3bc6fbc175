import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFiles, modelId, modelName } from '../../../electron/core/embed/model-id.js';

describe('model id', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'recollect-id-'));
    await writeFile(path.join(dir, 'a.onnx'), 'vision bytes');
    await writeFile(path.join(dir, 'b.onnx'), 'text bytes');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hashes the files in order, by content only', async () => {
    const ab = await hashFiles([path.join(dir, 'a.onnx'), path.join(dir, 'b.onnx')]);
    expect(ab).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashFiles([path.join(dir, 'a.onnx'), path.join(dir, 'b.onnx')])).toBe(ab);
    expect(await hashFiles([path.join(dir, 'b.onnx'), path.join(dir, 'a.onnx')])).not.toBe(ab);
  });

  it('is 12 hex digits of the content hash (no folder name: a renamed folder keeps its vectors), -q8 for int8', () => {
    expect(modelId('abcdef0123456789', false)).toBe('onnx-abcdef012345');
    expect(modelId('abcdef0123456789', true)).toBe('onnx-abcdef012345-q8');
  });

  it('names a model by its hub id, else by its folder (never by a local path in the config)', () => {
    expect(modelName('/m/x', 'openai/clip-vit-base-patch32')).toBe('openai/clip-vit-base-patch32');
    expect(modelName('/models/clip-b32/', undefined)).toBe('clip-b32');
    expect(modelName('/models/clip-b32', '/home/me/export/tmp')).toBe('clip-b32');
    expect(modelName('/models/clip-b32', './out')).toBe('clip-b32');
  });
});
