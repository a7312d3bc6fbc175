/**
 * What a user sees when the GPU provider cannot start (issue 13, defects 4 and 5): commands that
 * succeed print nothing on stderr (the native warnings of the provider probe are captured), and
 * `status --probe` says why the GPU was not used in words, with ONNX Runtime's own text under
 * --verbose (plain `status` opens no session, issue 14, so it says the device is not known yet).
 * A Vulkan loader that cannot load (an empty libvulkan.so.1 on LD_LIBRARY_PATH) makes the webgpu
 * provider fail here as on a machine without a GPU: Dawn writes "Couldn't load Vulkan" to stderr
 * and ORT rejects with "/onnxruntime_src/.../webgpu_context.cc:136 ... Failed to get a WebGPU adapter".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process.js';
import { writeColourPhotos } from '../helpers/simple-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

describe.skipIf(process.platform !== 'linux')('a GPU provider that cannot start stays off the terminal', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-noise-'));
  const lib = path.join(tmp, 'library.db');
  const photos = path.join(tmp, 'Photos');
  const env = { LD_LIBRARY_PATH: path.join(tmp, 'broken-vulkan'), RECOLLECT_DEVICE: 'auto' };

  beforeAll(async () => {
    fs.mkdirSync(env.LD_LIBRARY_PATH);
    fs.writeFileSync(path.join(env.LD_LIBRARY_PATH, 'libvulkan.so.1'), '');
    await writeColourPhotos(photos, { red: 2, blue: 2 });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('index and search succeed with no error or warning on stderr', async () => {
    const index = await runCli(['index', photos, '--library', lib, '--model', FIXTURE_MODEL_DIR], env);
    expect(index.code, index.stderr).toBe(0);
    // index names the model it uses on stderr (stdout is the summary); nothing else. The device is
    // not known when that line is written: the sessions open at the first photo to embed.
    expect(index.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Model shapes-clip \(64-d\); library /)]);
    const search = await runCli(['search', 'red', '--library', lib], env);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stderr).toBe('');
  }, 120_000);

  it('status --probe says in words why the GPU was not used, without ONNX Runtime source paths', async () => {
    const status = await runCli(['status', '--probe', '--library', lib], env);
    expect(status.code).toBe(0);
    expect(status.stderr).toBe('');
    expect(status.stdout).toContain('no GPU adapter was found (WebGPU over Vulkan)');
    expect(status.stdout).not.toMatch(/onnxruntime_src|\.cc:\d+|::/);
  });

  it('--verbose shows the raw detail for whoever asks', async () => {
    const status = await runCli(['status', '--probe', '--library', lib, '--verbose'], env);
    expect(status.stderr).toContain('webgpu_context.cc');
    expect(status.stderr).toContain("Couldn't load Vulkan");
  });

  it('plain status opens no session and says so instead of naming a device', async () => {
    const status = await runCli(['status', '--library', lib, '--verbose'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Device   not opened yet');
    expect(status.stdout).not.toContain('no GPU adapter');
    expect(status.stderr).not.toContain('webgpu_context.cc');
  });
});
