/**
 * A model is identified from its files and its ONNX sessions open only when something needs
 * embedding (issue 14, goals 4 and 5): a rescan of an unchanged library and status never open them,
 * the first search does, and a model that cannot open is refused before anything is stored or
 * remembered under its id. The fake model counts its session opens (test/helpers/fake-model.ts).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../electron/core/core-error.js';
import { createCore, type RecollectCore } from '../../../electron/core/create-core.js';
import { fakeModelLoader } from '../../helpers/fake-model.js';
import { writeColourPhotos } from '../../helpers/simple-photos.js';

describe('model sessions open on demand', () => {
  let tmp: string;
  let photos: string;
  let libraryFile: string;
  const cores: RecollectCore[] = [];
  const broken = new CoreError('MODEL_INVALID', 'Model folder /models/broken has an unusable onnx/vision_model.onnx: truncated.');
  const loader = fakeModelLoader({ lazy: { lazySessions: true }, broken: { openError: broken } });
  /** A fresh core, as each CLI call has. */
  const open = (modelDir: string): RecollectCore => {
    const core = createCore({ libraryFile, modelDir, loadModel: loader, batchSize: 4, decodeConcurrency: 1 });
    cores.push(core);
    return core;
  };

  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-sessions-'));
    photos = path.join(tmp, 'Photos');
    libraryFile = path.join(tmp, 'library.db');
    await writeColourPhotos(photos, { red: 3, blue: 3 });
  });
  afterEach(async () => {
    await Promise.all(cores.splice(0).map((c) => c.close()));
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const opens = (): number => loader.models.get('lazy')?.calls.sessionOpens ?? -1;

  it('a first index opens the sessions; a rescan of the unchanged library does not, and status does not', async () => {
    expect((await open('/models/lazy').index([photos])).indexed).toBe(6);
    expect(opens()).toBe(1);

    const rescan = await open('/models/lazy').index([photos]);
    expect(rescan).toMatchObject({ indexed: 0, unchanged: 6 });
    expect(opens()).toBe(0);
    expect(loader.models.get('lazy')?.device).toBeNull();

    const status = open('/models/lazy');
    const m = await status.model();
    expect(m).toMatchObject({ id: 'lazy', device: null, providerAttempts: [] });
    expect(opens()).toBe(0);
  });

  it('the first search opens them, and the device is known from then on', async () => {
    await open('/models/lazy').index([photos]);
    const core = open('/models/lazy');
    await core.model();
    expect(opens()).toBe(0);
    const result = await core.searchText('red', { all: true });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(opens()).toBe(1);
    expect((await core.model()).device).toBe('cpu');
  });

  it('a changed photo in a rescan opens them to embed it', async () => {
    await open('/models/lazy').index([photos]);
    await writeColourPhotos(path.join(photos, 'more'), { green: 1 });
    expect(await open('/models/lazy').index([photos])).toMatchObject({ indexed: 1, unchanged: 6 });
    expect(opens()).toBe(1);
  });

  it('a model that cannot open its sessions is refused with its own error before anything is stored or remembered', async () => {
    const core = open('/models/broken');
    await expect(core.index([photos])).rejects.toBe(broken);
    expect(core.library.models.list()).toEqual([]);
    expect(core.library.folders.list()).toEqual([]);
    expect(core.library.photos.indexedCount()).toBe(0);
    expect(core.library.settings.get('model.dir')).toBeUndefined();
  });

  it('an empty folder indexed with a broken model still reports the model, not an empty success', async () => {
    const empty = path.join(tmp, 'Empty');
    await fs.mkdir(empty);
    await expect(open('/models/broken').index([empty])).rejects.toBe(broken);
  });

  it('status of a model the library has no vectors from does not remember it (it has not shown it can embed)', async () => {
    const core = open('/models/broken');
    expect((await core.model()).id).toBe('broken');
    expect(core.library.settings.get('model.dir')).toBeUndefined();
    expect(core.library.models.list()).toEqual([]);
  });

  it('choosing a model opens it: a broken one is refused and nothing changes', async () => {
    const core = createCore({ libraryFile, loadModel: loader });
    cores.push(core);
    await expect(core.useModel('/models/broken')).rejects.toBe(broken);
    expect(core.status().modelDir).toBeNull();
    expect(core.library.settings.get('model.dir')).toBeUndefined();
  });
});
