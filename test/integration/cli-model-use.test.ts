/**
 * `recollect model use <id|dir> [--json]` (issue 12): a model named by its folder under
 * RECOLLECT_MODELS_DIR or by a path; the answer says whether it is active now or re-embedding
 * (n of N); `status` shows the pending model; search keeps answering with the previous model and
 * says so; a bare `recollect index` finishes the switch; switching back is instant.
 * Two real models: the fixture model and a second one made from it (test/helpers/second-model.ts).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelUseJson } from '../../electron/cli/commands/model-use-command.js';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { writeSecondModel } from '../helpers/second-model.js';
import { writeColourPhotos } from '../helpers/simple-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

interface StatusJson {
  modelDir: string | null;
  model: { id: string; name: string } | null;
  pending: { dir: string; id: string | null; name: string | null; done: number | null; total: number } | null;
  models: { id: string; vectors: number }[];
}
interface SearchJson {
  hits: { path: string; score: number }[];
  answeredBy: { id: string; name: string; dir: string };
}

describe('recollect model use', () => {
  let tmp: string;
  let photos: string;
  let lib: string;
  let env: NodeJS.ProcessEnv;
  let modelB: string;
  const cli = (args: string[]) => runCli([...args, '--library', lib], env);

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-model-use-'));
    photos = path.join(tmp, 'Photos');
    lib = path.join(tmp, 'library.db');
    env = { RECOLLECT_MODELS_DIR: path.join(tmp, 'models'), RECOLLECT_DEVICE: 'cpu' };
    modelB = await writeSecondModel(path.join(tmp, 'models', 'shapes-b'));
    await writeColourPhotos(photos, { red: 3, green: 3, blue: 3 });
    expect(jsonOf<{ indexed: number }>(await cli(['index', photos, '--json', '--model', FIXTURE_MODEL_DIR])).indexed).toBe(9);
  }, 120_000);
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('an installed model by id: re-embedding 0 of 9, search keeps the previous model and says so', async () => {
    const use = jsonOf<ModelUseJson>(await cli(['model', 'use', 'shapes-b', '--json']));
    expect(use).toEqual({
      model: { id: expect.stringMatching(/^onnx-/), name: 'shapes-b', dir: modelB },
      active: false,
      answeredBy: { id: expect.stringMatching(/^onnx-/), name: 'shapes-clip', dir: FIXTURE_MODEL_DIR },
      done: 0,
      total: 9,
    });
    expect(use.model.id).not.toBe(use.answeredBy?.id);

    const status = jsonOf<StatusJson>(await cli(['status', '--json']));
    expect(status).toMatchObject({ modelDir: FIXTURE_MODEL_DIR, pending: { dir: modelB, name: 'shapes-b', done: 0, total: 9 } });
    const human = await cli(['status']);
    expect(human.stdout).toContain('Pending  shapes-b: re-embedding, 0 of 9 photos done');

    const search = jsonOf<SearchJson>(await cli(['search', 'red', '--json', '--all']));
    expect(search.answeredBy).toEqual({ id: use.answeredBy?.id, name: 'shapes-clip', dir: FIXTURE_MODEL_DIR });
    expect(search.hits).toHaveLength(9);
    expect((await cli(['search', 'red'])).stdout).toContain('Note: answered by shapes-clip');
  });

  it('a bare `recollect index` re-embeds the library folders and finishes the switch', async () => {
    const run = await cli(['index']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Re-embedding with shapes-b: 0 of 9 photos done');
    expect(run.stdout).toContain('9 indexed');
    expect(run.stdout).toContain('Switch complete: search now uses shapes-b.');
    const status = jsonOf<StatusJson>(await cli(['status', '--json']));
    expect(status).toMatchObject({ modelDir: modelB, pending: null, model: { name: 'shapes-b' } });
    expect(status.models.map((m) => m.vectors)).toEqual([9, 9]);
    expect(jsonOf<SearchJson>(await cli(['search', 'red', '--json', '--all'])).answeredBy.dir).toBe(modelB);
  }, 120_000);

  it('back to a model whose vectors are complete, by path: active at once, nothing to re-embed', async () => {
    const use = jsonOf<ModelUseJson>(await cli(['model', 'use', FIXTURE_MODEL_DIR, '--json']));
    expect(use).toMatchObject({ model: { name: 'shapes-clip', dir: FIXTURE_MODEL_DIR }, active: true, answeredBy: { name: 'shapes-clip' }, done: 9, total: 9 });
    expect(jsonOf<StatusJson>(await cli(['status', '--json']))).toMatchObject({ modelDir: FIXTURE_MODEL_DIR, pending: null });
    const again = jsonOf<{ indexed: number; unchanged: number }>(await cli(['index', '--json']));
    expect(again).toMatchObject({ indexed: 0, unchanged: 9 });
  }, 120_000);

  it('refuses what is not a model clearly, and changes nothing', async () => {
    const missing = await cli(['model', 'use', 'no-such-model', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'FOLDER_NOT_FOUND', message: expect.stringContaining(path.join(tmp, 'models')) } });
    const notAModel = await cli(['model', 'use', photos, '--json']);
    expect(notAModel.code).toBe(1);
    expect(JSON.parse(notAModel.stdout)).toMatchObject({ error: { code: expect.stringMatching(/^MODEL_/) } });
    expect((await cli(['model'])).code).toBe(2);
    expect((await cli(['model', 'use'])).code).toBe(2);
    expect(jsonOf<StatusJson>(await cli(['status', '--json']))).toMatchObject({ modelDir: FIXTURE_MODEL_DIR, pending: null });
  }, 120_000);

  it('a bare `recollect index` on a library that does not exist is a usage error, and creates nothing', async () => {
    const none = path.join(tmp, 'none.db');
    const run = await runCli(['index', '--library', none], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('index needs at least one folder');
    await expect(fs.stat(none)).rejects.toThrow();
  });
});
