/**
 * The real fixture model's ONNX sessions open only when something needs embedding (issue 14,
 * goals 4 and 5), counted at the one module that creates sessions (onnx/create-session.ts): a
 * rescan of an unchanged library and status create none, the first search creates the text
 * tower's only, the first image to embed the vision tower's. A broken ONNX file
 * or a projection_dim the towers do not give still fails with the message loading used to give,
 * before anything is stored under the model's id.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../electron/core/core-error.js';
import { createCore, type CoreOptions, type RecollectCore } from '../../electron/core/create-core.js';
import type * as CreateSessionModule from '../../electron/core/onnx/create-session.js';
import { identifyClipModel } from '../../electron/core/embed/identify-clip-model.js';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import { REPO_ROOT } from '../helpers/cli-process.js';
import { writeColourPhotos } from '../helpers/simple-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

const created = vi.hoisted(() => ({ files: [] as string[] }));
vi.mock('../../electron/core/onnx/create-session.js', async (importOriginal) => {
  const real = await importOriginal<typeof CreateSessionModule>();
  const createSession: typeof real.createSession = (file, ...rest) => {
    created.files.push(file);
    return real.createSession(file, ...rest);
  };
  return { ...real, createSession };
});

async function rejection(work: Promise<unknown>): Promise<CoreError> {
  const err = await work.then(() => new Error('no error'), (e: unknown) => e);
  if (!(err instanceof CoreError)) throw new Error(`expected a CoreError, got ${String(err)}`);
  return err;
}

describe('the fixture model opens its sessions on demand', () => {
  let tmp: string;
  let photos: string;
  const cores: RecollectCore[] = [];
  const open = (options: Partial<CoreOptions> & { libraryFile: string }): RecollectCore => {
    const core = createCore({ modelDir: FIXTURE_MODEL_DIR, device: 'cpu', threads: 1, ...options });
    cores.push(core);
    return core;
  };
  const closeAll = async (): Promise<void> => void (await Promise.all(cores.splice(0).map((c) => c.close())));

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'recollect-on-demand-'));
    photos = path.join(tmp, 'Photos');
    await writeColourPhotos(photos, { red: 2, blue: 2 });
  });
  afterAll(async () => {
    await closeAll();
    await rm(tmp, { recursive: true, force: true });
  });

  it('a rescan of unchanged files and status create no session; the first search does', async () => {
    const libraryFile = path.join(tmp, 'lib-a', 'library.db');
    expect((await open({ libraryFile }).index([photos])).indexed).toBe(4);
    expect(created.files.length).toBeGreaterThan(0);
    await closeAll();
    // The model files' hash is remembered beside the library, so the next process does not read them again.
    const cache: unknown = JSON.parse(await readFile(path.join(tmp, 'lib-a', 'model-hash-cache.json'), 'utf8'));
    expect(cache).toMatchObject({ entries: [{ files: [{ path: path.join(FIXTURE_MODEL_DIR, 'onnx/vision_model.onnx') }, {}] }] });

    created.files.length = 0;
    expect(await open({ libraryFile }).index([photos])).toMatchObject({ indexed: 0, unchanged: 4 });
    const status = open({ libraryFile });
    const m = await status.model();
    expect(m.device).toBeNull();
    expect(created.files).toEqual([]);

    const search = await status.searchText('a red circle', { all: true });
    expect(search.hits).toHaveLength(4);
    // A text search needs the text tower only: the vision file is not loaded.
    expect(created.files.map((f) => path.basename(f))).toEqual(['text_model.onnx']);
    expect(m.device).toBe('cpu');
    expect(m.sessionsOpen).toBe(false);

    // An image to embed (a photo outside the library) opens the vision tower, on the same provider.
    const outside = path.join(tmp, 'Outside');
    await writeColourPhotos(outside, { red: 1 });
    const [query] = await readdir(outside);
    const similar = await status.similarTo(path.join(outside, query ?? ''), { all: true });
    expect(similar.hits).toHaveLength(4);
    expect(created.files.map((f) => path.basename(f))).toEqual(['text_model.onnx', 'vision_model.onnx']);
    expect(m).toMatchObject({ device: 'cpu', sessionsOpen: true, providerAttempts: [{ provider: 'cpu', ok: true }] });
  });

  it('a broken vision file: texts still embed, images fail naming the file, and indexing stores nothing', async () => {
    const dir = path.join(tmp, 'broken-vision', 'shapes-clip');
    await cp(FIXTURE_MODEL_DIR, dir, { recursive: true });
    const vision = path.join(dir, 'onnx/vision_model.onnx');
    await writeFile(vision, (await readFile(vision)).subarray(0, 1000));
    const expected = `Model folder ${dir} has an unusable onnx/vision_model.onnx`;
    expect((await rejection(loadClipModel(dir, { device: 'cpu' }))).message).toContain(expected);

    created.files.length = 0;
    const model = await identifyClipModel(dir, { device: 'cpu', threads: 1, upscaleWorkers: 0 });
    try {
      const [text] = await model.encodeTexts(['a red circle']);
      expect(text).toHaveLength(model.dim);
      expect(created.files.map((f) => path.basename(f))).toEqual(['text_model.onnx']);
      const imageError = await rejection(model.encodeImages([new Float32Array(3 * 224 * 224)]));
      expect(imageError.code).toBe('MODEL_INVALID');
      expect(imageError.message).toContain(expected);
      // The text tower keeps working after the vision tower failed.
      expect(await model.encodeTexts(['a blue square'])).toHaveLength(1);
    } finally {
      await model.dispose();
    }

    const core = open({ libraryFile: path.join(tmp, 'lib-d', 'library.db'), modelDir: dir });
    // An open text tower is no proof: the model is not remembered as the library's.
    await (await core.model()).encodeTexts(['red']);
    await core.model();
    expect(core.library.settings.get('model.dir')).toBeUndefined();
    const indexError = await rejection(core.index([photos]));
    expect(indexError.code).toBe('MODEL_INVALID');
    expect(indexError.message).toContain(expected);
    expect(core.library.models.list()).toEqual([]);
    expect(core.library.photos.indexedCount()).toBe(0);
  });

  it('a combined graph (both towers in onnx/model.onnx) is one session: the first text opens it, images reuse it', async () => {
    created.files.length = 0;
    const model = await identifyClipModel(path.join(REPO_ROOT, 'test/fixtures/shapes-clip-combined'), { device: 'cpu', threads: 1, upscaleWorkers: 0 });
    try {
      await model.encodeTexts(['a red circle']);
      expect(created.files.map((f) => path.basename(f))).toEqual(['model.onnx']);
      expect(model.sessionsOpen).toBe(true);
      await model.encodeImages([new Float32Array(3 * 224 * 224)]);
      expect(created.files).toHaveLength(1);
    } finally {
      await model.dispose();
    }
  });

  it('a tokenizer that cannot be built is named at the first text, and a full load, not when the model is identified', async () => {
    const dir = path.join(tmp, 'bad-pad', 'shapes-clip');
    await cp(FIXTURE_MODEL_DIR, dir, { recursive: true });
    const config = path.join(dir, 'tokenizer_config.json');
    await writeFile(config, JSON.stringify({ ...JSON.parse(await readFile(config, 'utf8')), pad_token: '<|no-such-token|>' }));
    const loadError = await rejection(loadClipModel(dir, { device: 'cpu' }));
    expect(loadError.code).toBe('MODEL_INVALID');
    expect(loadError.message).toContain(`Model folder ${dir} has an unusable tokenizer.json: `);
    expect(loadError.message).toContain('<|no-such-token|>');

    created.files.length = 0;
    const model = await identifyClipModel(dir, { device: 'cpu', threads: 1, upscaleWorkers: 0 });
    try {
      expect((await rejection(model.encodeTexts(['red']))).message).toBe(loadError.message);
      // Never blamed on a session: none was created for the text tower.
      expect(created.files).toEqual([]);
      expect(await model.encodeImages([new Float32Array(3 * 224 * 224)])).toHaveLength(1);
    } finally {
      await model.dispose();
    }
  });

  it('a broken ONNX file gives the message a full load gives, and nothing is stored', async () => {
    const dir = path.join(tmp, 'broken', 'shapes-clip');
    await cp(FIXTURE_MODEL_DIR, dir, { recursive: true });
    const text = path.join(dir, 'onnx/text_model.onnx');
    await writeFile(text, (await readFile(text)).subarray(0, 1000));
    const loadError = await rejection(loadClipModel(dir, { device: 'cpu' }));
    expect(loadError.message).toContain(`Model folder ${dir} has an unusable onnx/text_model.onnx`);

    const core = open({ libraryFile: path.join(tmp, 'lib-b', 'library.db'), modelDir: dir });
    const indexError = await rejection(core.index([photos]));
    expect(indexError.code).toBe('MODEL_INVALID');
    expect(indexError.message).toBe(loadError.message);
    expect(core.library.models.list()).toEqual([]);
    expect(core.library.photos.indexedCount()).toBe(0);
    expect(core.library.settings.get('model.dir')).toBeUndefined();
    // A search says the same at its first encode.
    expect((await rejection(core.searchText('red'))).message).toBe(loadError.message);
  });

  it('a projection_dim edited after indexing fails the rescan in the folder\'s words, though nothing needs embedding', async () => {
    const dir = path.join(tmp, 'edited', 'shapes-clip');
    await cp(FIXTURE_MODEL_DIR, dir, { recursive: true });
    const libraryFile = path.join(tmp, 'lib-c', 'library.db');
    expect((await open({ libraryFile, modelDir: dir }).index([photos])).indexed).toBe(4);
    await closeAll();

    const config = path.join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ ...JSON.parse(await readFile(config, 'utf8')), projection_dim: 32 }));
    const core = open({ libraryFile, modelDir: dir });
    const err = await rejection(core.index([photos]));
    expect(err.code).toBe('MODEL_INVALID');
    expect(err.message).toMatch(/onnx\/(text|vision)_model\.onnx: .*expected \[1, 32\]/);
    expect(core.library.models.list().map((m) => m.dim)).toEqual([64]);
  });
});
