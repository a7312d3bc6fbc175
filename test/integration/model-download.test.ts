/**
 * The downloader against a local server that behaves like the hub (test/helpers/fake-hub.ts):
 * redirects of large files to a second port, ETag / X-Linked-* headers, Range. A clean download
 * installs a folder the loader accepts; drops, cancels, damaged bytes, refusals, server errors and
 * a full disk each end the way a user would need them to.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../electron/core/core-error.js';
import { readModelFolder } from '../../electron/core/embed/read-model-folder.js';
import { MemoryLogger } from '../../electron/core/logger.js';
import { ModelManager, type ModelManagerOptions } from '../../electron/core/models/model-manager.js';
import { FAKE_COMMIT, FakeHub } from '../helpers/fake-hub.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

const REPO = 'test-org/shapes-clip';
const GATED = 'test-org/gated-clip';
const TOKEN = 'hf_test_secret_token_4711';
const BIG = 'onnx/text_model.onnx';
const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 4 };

let hub: FakeHub;
let tmp: string;
let modelsDir: string;
let logger: MemoryLogger;

function manager(overrides: Partial<ModelManagerOptions> = {}): ModelManager {
  return new ModelManager({ modelsDir, env: {}, logger, retry: FAST_RETRY, ...overrides });
}

async function failure(p: Promise<unknown>): Promise<CoreError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof CoreError)) throw new Error(`expected a CoreError, got ${String(err)}`);
  return err;
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function installedIds(): string[] {
  return fs.existsSync(modelsDir) ? fs.readdirSync(modelsDir).filter((n) => !n.startsWith('.')) : [];
}

beforeEach(async () => {
  hub = await new FakeHub({ [REPO]: { dir: FIXTURE_MODEL_DIR }, [GATED]: { dir: FIXTURE_MODEL_DIR, token: TOKEN } }).start();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-dl-'));
  modelsDir = path.join(tmp, 'models');
  logger = new MemoryLogger();
});

afterEach(async () => {
  await hub.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('model download from a hub', () => {
  it('installs every file verified, with a manifest, in a folder the loader accepts', async () => {
    const result = await manager().download({ repo: REPO, endpoint: hub.endpoint });
    expect(result.dir).toBe(path.join(modelsDir, 'test-org--shapes-clip'));
    const paths = result.files.map((f) => f.path).sort();
    expect(paths).toEqual(['config.json', 'onnx/text_model.onnx', 'onnx/vision_model.onnx', 'preprocessor_config.json', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
    for (const f of result.files) {
      expect(f.sha256).toBe(sha256(path.join(FIXTURE_MODEL_DIR, f.path)));
      expect(sha256(path.join(result.dir, f.path))).toBe(f.sha256);
    }
    // Large files came from the second host (the CDN), through the hub's redirect.
    expect(hub.requests.some((r) => r.server === 'cdn' && r.url.includes(hub.file(REPO, BIG).sha256))).toBe(true);
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(result.dir, 'recollect-model.json'), 'utf8'));
    expect(manifest).toMatchObject({ id: 'test-org--shapes-clip', source: { kind: 'hub', repo: REPO, endpoint: hub.endpoint, revision: 'main', commit: FAKE_COMMIT } });
    expect(fs.existsSync(path.join(modelsDir, '.staging', 'test-org--shapes-clip'))).toBe(false);
    await expect(readModelFolder(result.dir, false)).resolves.toMatchObject({ onnx: { kind: 'towers' } });
    // Every file after the first came from the commit the first one resolved to.
    expect(hub.requests.filter((r) => r.url.includes('/resolve/')).slice(1).every((r) => r.url.includes(`/resolve/${FAKE_COMMIT}/`))).toBe(true);
  });

  it('resumes a connection cut at 50 % with a Range request, fetching no byte twice', async () => {
    const size = hub.file(REPO, BIG).bytes.length;
    hub.cutAt(REPO, BIG, Math.floor(size / 2));
    const result = await manager().download({ repo: REPO, endpoint: hub.endpoint });
    expect(hub.servedBytes(REPO, BIG)).toBe(size);
    expect(hub.requests.some((r) => r.server === 'cdn' && r.range === `bytes=${Math.floor(size / 2)}-`)).toBe(true);
    expect(sha256(path.join(result.dir, BIG))).toBe(hub.file(REPO, BIG).sha256);
  });

  it('starts a file again when the server ignores Range, and still installs the right bytes', async () => {
    const size = hub.file(REPO, BIG).bytes.length;
    hub.cutAt(REPO, BIG, Math.floor(size / 2));
    hub.ignoreRange = true;
    const result = await manager().download({ repo: REPO, endpoint: hub.endpoint });
    expect(sha256(path.join(result.dir, BIG))).toBe(hub.file(REPO, BIG).sha256);
  });

  it('cancels, keeps what it has, and a later run (a restart) fetches only the rest', async () => {
    const size = hub.file(REPO, BIG).bytes.length;
    hub.cutAt(REPO, BIG, Math.floor(size / 2));
    const controller = new AbortController();
    const first = manager({ retry: { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const cancelled = first.download(
      { repo: REPO, endpoint: hub.endpoint },
      { signal: controller.signal, onProgress: (p) => p.file === BIG && p.bytesDone > 0 && hub.servedBytes(REPO, BIG) > 0 && controller.abort() },
    );
    const err = await failure(cancelled);
    expect(err.code).toBe('MODEL_DOWNLOAD_CANCELLED');
    expect(err.message).toMatch(/resumes/);
    expect(installedIds()).toEqual([]);
    const part = path.join(modelsDir, '.staging', 'test-org--shapes-clip', `${BIG}.part`);
    const kept = fs.statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    const before = hub.servedBytes(REPO, BIG);
    const result = await manager().download({ repo: REPO, endpoint: hub.endpoint });
    expect(hub.servedBytes(REPO, BIG) - before).toBe(size - kept);
    expect(sha256(path.join(result.dir, BIG))).toBe(hub.file(REPO, BIG).sha256);
  });

  it('starts a staged file again when the hub now names different bytes for it (its ETag changed)', async () => {
    const staged = path.join(modelsDir, '.staging', 'test-org--shapes-clip', BIG);
    fs.mkdirSync(path.dirname(staged), { recursive: true });
    fs.writeFileSync(`${staged}.part`, Buffer.alloc(1000, 7));
    fs.writeFileSync(`${staged}.part.json`, JSON.stringify({ identity: 'a'.repeat(64), bytes: 1000 }));
    const result = await manager().download({ repo: REPO, endpoint: hub.endpoint });
    expect(sha256(path.join(result.dir, BIG))).toBe(hub.file(REPO, BIG).sha256);
    expect(hub.servedBytes(REPO, BIG)).toBe(hub.file(REPO, BIG).bytes.length);
  });

  it('works with a mirror that drops the hash headers, verifying against the tree listing', async () => {
    hub.dropHeaders = true;
    const result = await manager().download({ repo: REPO, endpoint: hub.endpoint });
    expect(sha256(path.join(result.dir, BIG))).toBe(hub.file(REPO, BIG).sha256);
    expect(result.manifest.source).toMatchObject({ commit: null });
    hub.corrupt(REPO, 'config.json');
    fs.rmSync(modelsDir, { recursive: true });
    const err = await failure(manager().download({ repo: REPO, endpoint: hub.endpoint }));
    expect(err.code).toBe('MODEL_VERIFY_FAILED');
    expect(err.message).toMatch(/config\.json .*git hash/);
  });

  it('finishes a file a killed run had fully staged without fetching it again (416 on the resume)', async () => {
    const staged = path.join(modelsDir, '.staging', 'test-org--shapes-clip', BIG);
    fs.mkdirSync(path.dirname(staged), { recursive: true });
    fs.copyFileSync(path.join(FIXTURE_MODEL_DIR, BIG), `${staged}.part`);
    fs.writeFileSync(`${staged}.part.json`, JSON.stringify({ identity: hub.file(REPO, BIG).sha256, bytes: hub.file(REPO, BIG).bytes.length }));
    const result = await manager().download({ repo: REPO, endpoint: hub.endpoint });
    expect(hub.servedBytes(REPO, BIG)).toBe(0);
    expect(result.files.find((f) => f.path === BIG)?.sha256).toBe(hub.file(REPO, BIG).sha256);
  });

  it('refuses a file whose bytes do not match the published sha256 and installs nothing', async () => {
    hub.corrupt(REPO, 'onnx/vision_model.onnx');
    const err = await failure(manager().download({ repo: REPO, endpoint: hub.endpoint }));
    expect(err.code).toBe('MODEL_VERIFY_FAILED');
    expect(err.message).toMatch(/onnx\/vision_model\.onnx .*damaged.*sha256.*Nothing was installed/);
    expect(installedIds()).toEqual([]);
    expect(fs.existsSync(path.join(modelsDir, '.staging', 'test-org--shapes-clip', 'onnx/vision_model.onnx.part'))).toBe(false);
  });

  it('says a repository that does not exist is not there', async () => {
    const err = await failure(manager().download({ repo: 'nobody/missing-model', endpoint: hub.endpoint }));
    expect(err.code).toBe('MODEL_NOT_FOUND');
    expect(err.message).toMatch(/nobody\/missing-model.*404/);
  });

  it('says a gated model needs a token, never shows the token, and downloads with the right one', async () => {
    const without = await failure(manager().download({ repo: GATED, endpoint: hub.endpoint }));
    expect(without.code).toBe('MODEL_ACCESS_DENIED');
    expect(without.message).toMatch(/needs an access token/);
    const wrong = await failure(manager({ env: { HF_TOKEN: 'hf_wrong_token_0000' } }).download({ repo: GATED, endpoint: hub.endpoint }));
    expect(wrong.code).toBe('MODEL_ACCESS_DENIED');
    expect(wrong.message).toMatch(/refused the access token/);
    expect(wrong.message).not.toContain('hf_wrong_token_0000');
    const result = await manager().download({ repo: GATED, endpoint: hub.endpoint, token: TOKEN });
    expect(fs.existsSync(path.join(result.dir, BIG))).toBe(true);
    const everything = JSON.stringify(logger.entries) + fs.readFileSync(path.join(result.dir, 'recollect-model.json'), 'utf8');
    expect(everything).not.toContain(TOKEN);
    // The token went to the hub only, never to the CDN host the redirect pointed at.
    expect(hub.requests.filter((r) => r.server === 'cdn').every((r) => r.authorization === null)).toBe(true);
  });

  it('rides out server errors with retries, and names the failure when they persist', async () => {
    hub.failWith(REPO, BIG, 500, 2);
    await expect(manager().download({ repo: REPO, endpoint: hub.endpoint })).resolves.toMatchObject({ id: 'test-org--shapes-clip' });
    expect(logger.entries.filter((e) => e.message.includes('trying again'))).toHaveLength(2);
    fs.rmSync(modelsDir, { recursive: true });
    hub.failWith(REPO, BIG, 503, 10);
    const err = await failure(manager().download({ repo: REPO, endpoint: hub.endpoint }));
    expect(err.code).toBe('MODEL_DOWNLOAD_FAILED');
    expect(err.message).toMatch(/HTTP 503.*after 3 tries/);
    expect(installedIds()).toEqual([]);
  });

  it('checks free space before fetching a byte', async () => {
    const err = await failure(manager({ freeSpace: async () => 5_000_000 }).download({ repo: REPO, endpoint: hub.endpoint }));
    expect(err.code).toBe('DISK_FULL');
    expect(err.message).toMatch(/Not enough free space.*free/);
    expect(hub.servedBytes(REPO)).toBe(0);
  });

  it('uses HF_ENDPOINT when no endpoint is given', async () => {
    const result = await manager({ env: { HF_ENDPOINT: `${hub.endpoint}/` } }).download({ repo: `${REPO}@main` });
    expect(result.manifest.source).toMatchObject({ kind: 'hub', endpoint: hub.endpoint });
    expect(hub.requests.length).toBeGreaterThan(0);
  });

  it('says when a repository is not in a layout Recollect can load', async () => {
    const odd = path.join(tmp, 'odd');
    fs.mkdirSync(odd);
    fs.writeFileSync(path.join(odd, 'README.md'), 'not a model');
    const other = await new FakeHub({ 'test-org/odd': { dir: odd } }).start();
    try {
      const err = await failure(manager().download({ repo: 'test-org/odd', endpoint: other.endpoint }));
      expect(err.code).toBe('MODEL_INVALID');
      expect(err.message).toMatch(/config\.json.*transformers\.js ONNX layout/);
    } finally {
      await other.close();
    }
  });
});

describe('variants and concurrency', () => {
  it('adds the int8 variant to an installed model, keeping the fp32 one usable', async () => {
    const both = path.join(tmp, 'both');
    fs.cpSync(FIXTURE_MODEL_DIR, both, { recursive: true });
    for (const tower of ['text', 'vision']) fs.copyFileSync(path.join(both, `onnx/${tower}_model.onnx`), path.join(both, `onnx/${tower}_model_quantized.onnx`));
    const other = await new FakeHub({ 'test-org/both': { dir: both } }).start();
    try {
      const m = manager();
      await m.download({ repo: 'test-org/both', endpoint: other.endpoint });
      const q = await m.download({ repo: 'test-org/both', endpoint: other.endpoint, quantized: true });
      expect(q.files.map((f) => f.path)).toContain('onnx/vision_model_quantized.onnx');
      const [installed] = await m.installed();
      expect(installed).toMatchObject({ id: 'test-org--both', fp32: true, quantized: true });
      expect(installed?.manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['onnx/text_model.onnx', 'onnx/text_model_quantized.onnx']));
      expect(installed?.manifest.libraryModelIds.quantized).toMatch(/-q8$/);
      expect(installed?.manifest.libraryModelIds.fp32).toMatch(/^onnx-[0-9a-f]{12}$/);
      await expect(readModelFolder(q.dir, false)).resolves.toBeTruthy();
      await expect(readModelFolder(q.dir, true)).resolves.toBeTruthy();
    } finally {
      await other.close();
    }
  });

  it('refuses a second download of the same model while one runs', async () => {
    const m = manager();
    const pending: { second?: Promise<CoreError> } = {};
    // Started once the first one reports progress, i.e. holds the model's staging folder.
    const first = m.download({ repo: REPO, endpoint: hub.endpoint }, { onProgress: () => void (pending.second ??= failure(m.download({ repo: REPO, endpoint: hub.endpoint }))) });
    await expect(first).resolves.toMatchObject({ id: 'test-org--shapes-clip' });
    const err = await (pending.second ?? Promise.reject(new Error('no progress was reported')));
    expect(err.code).toBe('MODEL_IN_USE');
    expect(err.message).toMatch(/already being downloaded/);
  });

  it('leaves no half-downloaded trace when the repository does not exist', async () => {
    await failure(manager().download({ repo: 'nobody/missing-model', endpoint: hub.endpoint }));
    expect(fs.readdirSync(path.join(modelsDir, '.staging'))).toEqual([]);
  });
});

describe('installed models', () => {
  it('lists, imports and removes models in the models folder', async () => {
    const m = manager();
    await m.download({ repo: REPO, endpoint: hub.endpoint });
    const imported = await m.importFolder(FIXTURE_MODEL_DIR);
    expect(imported.manifest.source).toEqual({ kind: 'import', from: FIXTURE_MODEL_DIR });
    const listed = await m.installed();
    expect(listed.map((x) => x.id)).toEqual(['shapes-clip', 'test-org--shapes-clip']);
    expect(listed.every((x) => x.fp32 && !x.quantized && x.bytesOnDisk > 1_000_000)).toBe(true);
    // Same ONNX bytes, same library model id: vectors made from one are the other's.
    expect(listed[0]?.manifest.libraryModelIds.fp32).toBe(listed[1]?.manifest.libraryModelIds.fp32);
    const inUse = await failure(m.remove('shapes-clip', { vectors: false, inUse: [imported.dir] }));
    expect(inUse.code).toBe('MODEL_IN_USE');
    await m.remove('shapes-clip', { vectors: false, inUse: [] });
    expect((await m.installed()).map((x) => x.id)).toEqual(['test-org--shapes-clip']);
  });

  it('refuses to import a broken folder and copies nothing', async () => {
    const broken = path.join(tmp, 'broken');
    fs.cpSync(FIXTURE_MODEL_DIR, broken, { recursive: true });
    fs.rmSync(path.join(broken, 'tokenizer.json'));
    const err = await failure(manager().importFolder(broken));
    expect(err.code).toBe('MODEL_MISSING_FILE');
    expect(err.message).toMatch(/tokenizer\.json/);
    expect(installedIds()).toEqual([]);
  });
});
