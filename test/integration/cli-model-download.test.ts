/**
 * `recollect model ...` as a user runs it, against a local hub (test/helpers/fake-hub.ts): a
 * catalog model downloads with the --json shape of the issue, loads and embeds through the
 * product path, indexes a library, is listed with its vectors and state, refuses removal while
 * active; a model by hub name comes from HF_ENDPOINT and is removed with its vectors; a refused
 * token never appears in what the command prints.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli, startCli } from '../helpers/cli-process.js';
import { FakeHub } from '../helpers/fake-hub.js';
import { writeNoisePhotos } from '../helpers/simple-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

interface DownloadJson {
  id: string;
  dir: string;
  files: { path: string; bytes: number; sha256: string }[];
  seconds: number;
}

interface ListJson {
  modelsDir: string;
  catalog: { id: string; state: string; recommended: boolean }[];
  installed: { id: string; active: boolean; vectors: { fp32: number | null; quantized: number | null }; variants: { fp32: boolean; quantized: boolean } }[];
}

const SECRET = 'hf_cli_secret_never_printed_99';

describe('recollect model', () => {
  let hub: FakeHub;
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let lib: string;

  beforeAll(async () => {
    hub = await new FakeHub({
      'Xenova/clip-vit-base-patch32': { dir: FIXTURE_MODEL_DIR },
      'test-org/shapes-copy': { dir: FIXTURE_MODEL_DIR },
      'test-org/gated': { dir: FIXTURE_MODEL_DIR, token: 'hf_right_token' },
    }).start();
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'recollect-cli-models-'));
    lib = path.join(tmp, 'library.db');
    env = { RECOLLECT_MODELS_DIR: path.join(tmp, 'models'), HF_ENDPOINT: '', HF_TOKEN: '', HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' };
  });
  afterAll(async () => {
    await hub.close();
    await fsp.rm(tmp, { recursive: true, force: true });
  });

  it('downloads a catalog model, prints the --json shape, and the model embeds', async () => {
    const run = await runCli(['model', 'download', 'clip-vit-base-patch32', '--endpoint', hub.endpoint, '--json'], env);
    const result = jsonOf<DownloadJson>(run);
    expect(Object.keys(result).sort()).toEqual(['dir', 'files', 'id', 'seconds']);
    expect(result.id).toBe('clip-vit-base-patch32');
    expect(result.dir).toBe(path.join(tmp, 'models', 'clip-vit-base-patch32'));
    expect(result.files.map((f) => Object.keys(f).sort())).toEqual(result.files.map(() => ['bytes', 'path', 'sha256']));
    expect(result.files.find((f) => f.path === 'onnx/vision_model.onnx')?.sha256).toBe(hub.file('Xenova/clip-vit-base-patch32', 'onnx/vision_model.onnx').sha256);
    expect(result.seconds).toBeGreaterThanOrEqual(0);
    const embed = jsonOf<{ dim: number; items: { input: string; vector: number[] }[] }>(await runCli(['embed', '--model', result.dir, '--text', 'a red circle', '--json', '--device', 'cpu'], env));
    expect(embed.items[0]?.input).toBe('a red circle');
    expect(embed.items[0]?.vector).toHaveLength(embed.dim);
  });

  it('lists the catalog and the installed model with its library vectors, and will not remove it while active', async () => {
    const photos = path.join(tmp, 'photos');
    await writeNoisePhotos(photos, 3);
    const dir = path.join(tmp, 'models', 'clip-vit-base-patch32');
    jsonOf(await runCli(['index', photos, '--library', lib, '--model', dir, '--device', 'cpu', '--json'], env));
    const listing = jsonOf<ListJson>(await runCli(['model', 'list', '--library', lib, '--json'], env));
    expect(listing.catalog.find((m) => m.id === 'clip-vit-base-patch32')).toMatchObject({ state: 'active', recommended: true });
    expect(listing.catalog.find((m) => m.id === 'clip-vit-large-patch14')).toMatchObject({ state: 'available' });
    expect(listing.installed).toEqual([expect.objectContaining({ id: 'clip-vit-base-patch32', active: true, vectors: { fp32: 3, quantized: null }, variants: { fp32: true, quantized: false } })]);
    const refused = await runCli(['model', 'remove', 'clip-vit-base-patch32', '--library', lib], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is the model this library uses; choose another model first/);
    expect(fs.existsSync(dir)).toBe(true);
  });

  it('fetches any hub repository by name from HF_ENDPOINT; removing it keeps vectors the active model shares', async () => {
    const result = jsonOf<DownloadJson>(await runCli(['model', 'download', 'test-org/shapes-copy@main', '--json'], { ...env, HF_ENDPOINT: hub.endpoint }));
    expect(result.id).toBe('test-org--shapes-copy');
    // The same ONNX bytes as the active model share its library id: --vectors keeps what the active one uses.
    const removed = jsonOf<{ id: string; vectorsRemoved: number; vectorsKept: number; bytesFreed: number }>(await runCli(['model', 'remove', 'test-org--shapes-copy', '--vectors', '--library', lib, '--json'], env));
    expect(removed).toMatchObject({ id: 'test-org--shapes-copy', vectorsRemoved: 0, vectorsKept: 3 });
    expect(removed.bytesFreed).toBeGreaterThan(1_000_000);
    const st = jsonOf<{ models: { vectors: number }[] }>(await runCli(['status', '--json', '--library', lib], env));
    expect(st.models.map((m) => m.vectors)).toEqual([3]);
    expect(fs.existsSync(result.dir)).toBe(false);
  });

  it('removes an inactive model with its vectors when asked', async () => {
    const other = path.join(tmp, 'other-model');
    await fsp.cp(FIXTURE_MODEL_DIR, other, { recursive: true });
    // A different model: its own ONNX bytes (an extra byte in the vision graph would break it, so
    // the int8 file name is used: the quantized variant is a second library model).
    await fsp.copyFile(path.join(other, 'onnx/vision_model.onnx'), path.join(other, 'onnx/vision_model_quantized.onnx'));
    await fsp.copyFile(path.join(other, 'onnx/text_model.onnx'), path.join(other, 'onnx/text_model_quantized.onnx'));
    const imported = jsonOf<{ id: string; dir: string }>(await runCli(['model', 'import', other, '--json'], env));
    jsonOf(await runCli(['index', path.join(tmp, 'photos'), '--library', lib, '--model', imported.dir, '--quantized', '--device', 'cpu', '--json'], env));
    // Back to the catalog model, so the imported one is not in use.
    jsonOf(await runCli(['index', path.join(tmp, 'photos'), '--library', lib, '--model', path.join(tmp, 'models', 'clip-vit-base-patch32'), '--device', 'cpu', '--json'], env));
    const removed = jsonOf<{ vectorsRemoved: number; vectorsKept: number }>(await runCli(['model', 'remove', imported.id, '--vectors', '--library', lib, '--json'], env));
    // Its fp32 files are the active model's (kept), its int8 vectors are its own (removed).
    expect(removed).toEqual(expect.objectContaining({ vectorsRemoved: 3, vectorsKept: 3 }));
    const st = jsonOf<{ models: { vectors: number }[] }>(await runCli(['status', '--json', '--library', lib], env));
    expect(st.models.map((m) => m.vectors)).toEqual([3]);
  });

  it('resumes after the process was killed mid-download, fetching only what was missing', async () => {
    const repo = 'test-org/shapes-copy';
    const big = 'onnx/text_model.onnx';
    const size = hub.file(repo, big).bytes.length;
    hub.cutAt(repo, big, Math.floor(size / 2));
    const before = hub.servedBytes(repo, big);
    // --verbose: the retry after the cut is announced on stderr; the process is killed in that wait.
    const child = startCli(['model', 'download', repo, '--endpoint', hub.endpoint, '--verbose'], env);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!stderr.includes('trying again')) return;
        // Every further try fails too (backoff 0.5 s doubling), so the kill lands in a wait, not after a finish.
        hub.failWith(repo, big, 503, 1000);
        resolve();
      });
      child.on('close', () => reject(new Error(`the download ended before it was cut: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const part = path.join(tmp, 'models', '.staging', 'test-org--shapes-copy', `${big}.part`);
    const kept = fs.statSync(part).size;
    expect(kept).toBe(Math.floor(size / 2));
    const served = hub.servedBytes(repo, big);
    hub.clearFaults();
    const result = jsonOf<DownloadJson>(await runCli(['model', 'download', repo, '--endpoint', hub.endpoint, '--json'], env));
    expect(hub.servedBytes(repo, big) - served).toBe(size - kept);
    expect(served - before).toBe(kept);
    expect(result.files.find((f) => f.path === big)?.sha256).toBe(hub.file(repo, big).sha256);
  });

  it('says a gated model needs a valid token without ever printing it', async () => {
    const run = await runCli(['model', 'download', 'test-org/gated', '--endpoint', hub.endpoint, '--json', '--verbose'], { ...env, HF_TOKEN: SECRET });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'MODEL_ACCESS_DENIED' } });
    expect(run.stderr).toMatch(/refused the access token/);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('explains wrong usage', async () => {
    const run = await runCli(['model', 'fetch'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/model needs one of: list, download, remove, import/);
  });
});
