/**
 * Switching models never destroys a working index: each model's vectors live in their own table,
 * so switching back finds everything still embedded and decodes nothing.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { writeNoisePhotos } from '../helpers/simple-photos.js';
import { REFCLIP_DIR } from '../helpers/test-model.js';

interface IndexJson {
  indexed: number;
  unchanged: number;
}
const have = fs.existsSync(path.join(REFCLIP_DIR, 'onnx/vision_model_quantized.onnx'));
if (!have) console.warn(`cli-model-switch: skipped, needs ${REFCLIP_DIR} (fp32 and int8 files are two models)`);

describe.skipIf(!have)('switching models', () => {
  let tmp: string;
  let photos: string;
  let lib: string;
  const index = async (extra: string[]) =>
    jsonOf<IndexJson>(await runCli(['index', photos, '--json', '--library', lib, '--model', REFCLIP_DIR, '--device', 'cpu', ...extra]));

  beforeAll(async () => {
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'recollect-switch-'));
    photos = path.join(tmp, 'photos');
    lib = path.join(tmp, 'library.db');
    await writeNoisePhotos(photos, 5);
  });
  afterAll(async () => {
    await fsp.rm(tmp, { recursive: true, force: true });
  });

  it('embeds again for a new model and keeps the old vectors for switching back', async () => {
    expect(await index([])).toMatchObject({ indexed: 5, unchanged: 0 });
    expect(await index(['--quantized'])).toMatchObject({ indexed: 5, unchanged: 0 });
    expect(await index([])).toMatchObject({ indexed: 0, unchanged: 5 });
    const st = jsonOf<{ models: { vectors: number }[] }>(await runCli(['status', '--json', '--library', lib]));
    expect(st.models.map((m) => m.vectors)).toEqual([5, 5]);
  });
});
