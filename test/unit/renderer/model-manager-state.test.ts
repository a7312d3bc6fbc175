import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CatalogModelDto, ModelDownloadJobDto } from '../../../electron/contract/model-manager-dto.js';
import { apiError, model } from '../../helpers/fake-api.js';
import { installFakeApi } from './install-fake-api.js';

const fake = installFakeApi();
const { ModelManagerState, problemOf } = await import('../../../renderer/src/lib/state/model-manager-state.svelte.js');

const B32: CatalogModelDto = {
  id: 'clip-vit-base-patch32', name: 'CLIP ViT-B/32', repo: 'Xenova/clip-vit-base-patch32', revision: 'main', verified: false, dim: 512,
  languages: ['en'], license: 'MIT', speed: 'fast', quality: 'good', pickWhen: 'The recommended start.', bytes: { fp32: 608_000_000, quantized: 156_000_000 },
  recommended: true, state: 'available',
};

function job(over: Partial<ModelDownloadJobDto> = {}): ModelDownloadJobDto {
  return {
    jobId: 'j1', id: B32.id, repo: B32.repo, revision: 'main', quantized: false, state: 'running', file: 'onnx/text_model.onnx', fileIndex: 0, files: 7,
    bytesDone: 0, bytesTotal: 1000, bytesPerSecond: 100, etaSeconds: 10, dir: null, error: null, startedAt: 1, ...over,
  };
}

/** As AppState.connect does. */
function subscribed(models: InstanceType<typeof ModelManagerState>): InstanceType<typeof ModelManagerState> {
  fake.bridge.onModelDownloadProgress(models.progress);
  return models;
}

describe('ModelManagerState', () => {
  beforeEach(() => {
    fake.reset();
    fake.handle('listModels', async () => ({ modelsDir: '/models', catalog: [B32], installed: [], downloads: [] }));
  });

  it('offers the catalog’s recommended model', async () => {
    const models = new ModelManagerState(vi.fn(), () => 'auto');
    await models.load();
    expect(models.recommended?.id).toBe('clip-vit-base-patch32');
  });

  it('follows a download’s progress events and chooses the model when it was asked to use it when done', async () => {
    fake.handle('startModelDownload', async () => job());
    const before = await fake.bridge.getStatus();
    fake.handle('setModel', async ({ dir }) => ({ ...before, model: model(dir) }));
    const onStatus = vi.fn();
    const models = subscribed(new ModelManagerState(onStatus, () => 'cpu'));
    await models.download(B32, { useWhenDone: true });
    expect(fake.argsOf('startModelDownload')).toEqual([[{ id: 'clip-vit-base-patch32', quantized: false }]]);
    fake.emit('modelDownloadProgress', job({ bytesDone: 400 }));
    expect(models.jobs[B32.id]?.bytesDone).toBe(400);
    fake.emit('modelDownloadProgress', job({ state: 'done', bytesDone: 1000, dir: '/models/clip-vit-base-patch32' }));
    await vi.waitFor(() => expect(onStatus).toHaveBeenCalled());
    expect(fake.argsOf('setModel')).toEqual([[{ dir: '/models/clip-vit-base-patch32', device: 'cpu' }]]);
  });

  it('does not choose a model whose download was cancelled, even if it is finished later from the Models page', async () => {
    fake.handle('startModelDownload', async () => job());
    fake.handle('cancelModelDownload', async () => job({ state: 'cancelled', bytesDone: 500, error: apiError('MODEL_DOWNLOAD_CANCELLED', 'cancelled') }));
    const models = subscribed(new ModelManagerState(vi.fn(), () => 'auto'));
    await models.download(B32, { useWhenDone: true });
    await models.cancel(job());
    expect(models.jobs[B32.id]?.state).toBe('cancelled');
    fake.emit('modelDownloadProgress', job({ jobId: 'j2', startedAt: 2, state: 'done', dir: '/models/x' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.argsOf('setModel')).toEqual([]);
  });

  it('keeps a refused start with what to do, per model', async () => {
    fake.handle('startModelDownload', async () => Promise.reject(apiError('DISK_FULL', 'The disk holding /models is full.')));
    const models = new ModelManagerState(vi.fn(), () => 'auto');
    await models.download(B32);
    expect(models.problems[B32.id]).toEqual({ message: 'The disk holding /models is full.', hint: expect.stringMatching(/Free some space/) });
    expect(models.busy.has(B32.id)).toBe(false);
  });

  it('says what to type before importing an empty path, without calling the engine', async () => {
    const models = new ModelManagerState(vi.fn(), () => 'auto');
    expect(await models.importFolder('  ')).toBe(false);
    expect(models.problems.import?.message).toMatch(/Type the path of a model folder/);
    expect(fake.argsOf('importModelFolder')).toEqual([]);
  });

  it('shows why the engine refused to remove a model', async () => {
    fake.handle('removeModel', async () => Promise.reject(apiError('MODEL_IN_USE', 'clip is the model this library uses; choose another model first, then remove it.')));
    const models = new ModelManagerState(vi.fn(), () => 'auto');
    expect(await models.remove('clip', true)).toBe(false);
    expect(models.problems.clip?.message).toMatch(/choose another model first/);
  });

  it('says what to do after an offline, gated or damaged download', () => {
    expect(problemOf(apiError('MODEL_DOWNLOAD_FAILED', 'Downloading x failed: cannot reach huggingface.co')).hint).toMatch(/online.*Try again: it resumes/);
    expect(problemOf(apiError('MODEL_ACCESS_DENIED', 'The hub refused access')).hint).toMatch(/accept its terms.*HF_TOKEN/);
    expect(problemOf(apiError('MODEL_VERIFY_FAILED', 'Checksum mismatch')).hint).toMatch(/Nothing was installed/);
    expect(problemOf(apiError('MODEL_NOT_FOUND', 'No such repository'))).toEqual({ message: 'No such repository', hint: null });
  });
});
