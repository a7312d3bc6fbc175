/**
 * Style provider settings through the API (issue 11 item 1, "provider settings"): each provider
 * declares what a user may set, the values are kept in the library (they survive a restart), a
 * change takes effect at once (the provider is made again), and bad keys are refused in words.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StyleProviderDto } from '../../electron/contract/style-dto.js';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { REPO_ROOT } from '../helpers/cli-process.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

const NETWORKS = path.join(REPO_ROOT, 'models/fixtures/style-networks/colour');

describe('style provider settings', () => {
  let tmp = '';
  let libraryFile = '';
  let service: ApiService;
  const open = () => createApiService({ libraryFile, cacheDir: path.join(tmp, 'cache'), host: browserHostAdapter, modelDir: FIXTURE_MODEL_DIR });
  const find = (providers: StyleProviderDto[], id: string): StyleProviderDto => {
    const p = providers.find((x) => x.id === id);
    if (!p) throw new Error(`no provider ${id}`);
    return p;
  };
  const value = (p: StyleProviderDto, key: string): string | undefined => p.settings.find((s) => s.key === key)?.value;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-style-settings-'));
    libraryFile = path.join(tmp, 'app-data', 'library.db');
    service = open();
  });
  afterAll(async () => {
    await service?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('shows what each provider needs set, with the defaults in use', async () => {
    const providers = await service.listStyleProviders();
    const onnx = find(providers, 'onnx-style');
    expect(value(onnx, 'folder')).toBe(path.join(tmp, 'app-data', 'styles'));
    expect(onnx.available).toBe(false);
    const server = find(providers, 'img2img-server');
    expect(server.settings.map((s) => s.key)).toEqual(['url', 'allowHost']);
    expect(value(server, 'url')).toBe('');
    expect(server.reason).toMatch(/Set the address of your image generation server/);
    expect(find(providers, 'clip-look').settings).toEqual([]);
  });

  it('takes new values at once, keeps them across a restart, and goes back to the default on empty', async () => {
    const styles = path.join(tmp, 'My styles');
    await fs.cp(NETWORKS, styles, { recursive: true });
    let providers = await service.setStyleProviderSettings({ provider: 'onnx-style', settings: { folder: styles } });
    expect(find(providers, 'onnx-style')).toMatchObject({ available: true, reason: null });
    providers = await service.setStyleProviderSettings({ provider: 'img2img-server', settings: { url: 'http://127.0.0.1:7860' } });
    expect(value(find(providers, 'img2img-server'), 'url')).toBe('http://127.0.0.1:7860');
    expect(find(providers, 'img2img-server').available).toBe(true);

    await service.close();
    service = open();
    providers = await service.listStyleProviders();
    expect(value(find(providers, 'onnx-style'), 'folder')).toBe(styles);
    expect(value(find(providers, 'img2img-server'), 'url')).toBe('http://127.0.0.1:7860');

    providers = await service.setStyleProviderSettings({ provider: 'onnx-style', settings: { folder: '' } });
    expect(value(find(providers, 'onnx-style'), 'folder')).toBe(path.join(tmp, 'app-data', 'styles'));
    expect(find(providers, 'onnx-style').available).toBe(false);
  });

  it('refuses settings a provider does not have, and providers that do not exist', async () => {
    await expect(service.setStyleProviderSettings({ provider: 'img2img-server', settings: { token: 'x' } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/has no setting "token" \(it has: url, allowHost\)/),
    });
    await expect(service.setStyleProviderSettings({ provider: 'clip-look', settings: { folder: '/x' } })).rejects.toMatchObject({ message: expect.stringMatching(/it has none/) });
    await expect(service.setStyleProviderSettings({ provider: 'nope', settings: {} })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
