/**
 * Which folder `recollect model use <id|dir>` means: an installed model's name under the models
 * folder first, then a path; nothing that is not a folder.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelsFolder, resolveModelRef } from '../../../electron/paths/models-folder.js';

describe('models folder and model references', () => {
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-models-folder-'));
    env = { RECOLLECT_MODELS_DIR: path.join(tmp, 'models') };
    await fs.mkdir(path.join(tmp, 'models', 'clip-b32'), { recursive: true });
    await fs.mkdir(path.join(tmp, 'work', 'clip-b32'), { recursive: true });
    await fs.mkdir(path.join(tmp, 'work', 'mine'), { recursive: true });
  });
  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('RECOLLECT_MODELS_DIR overrides the app-data models folder', () => {
    expect(modelsFolder(env)).toBe(path.join(tmp, 'models'));
    expect(modelsFolder({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Recollect/models');
  });

  it('a bare name is an installed model first, even when the current folder has one of that name', () => {
    expect(resolveModelRef('clip-b32', env, path.join(tmp, 'work'))).toBe(path.join(tmp, 'models', 'clip-b32'));
  });

  it('a bare name that is not installed is a folder relative to the current one', () => {
    expect(resolveModelRef('mine', env, path.join(tmp, 'work'))).toBe(path.join(tmp, 'work', 'mine'));
  });

  it('./name is always a path', () => {
    expect(resolveModelRef('./clip-b32', env, path.join(tmp, 'work'))).toBe(path.join(tmp, 'work', 'clip-b32'));
  });

  it('nothing that is not a folder', async () => {
    await fs.writeFile(path.join(tmp, 'work', 'file.onnx'), '');
    expect(resolveModelRef('nope', env, path.join(tmp, 'work'))).toBeNull();
    expect(resolveModelRef('file.onnx', env, path.join(tmp, 'work'))).toBeNull();
    expect(resolveModelRef('', env, path.join(tmp, 'work'))).toBeNull();
  });
});
