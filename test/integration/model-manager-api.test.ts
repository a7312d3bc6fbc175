/**
 * The model manager over RecollectApi (what the app's Models page and first-run screen call),
 * against a local hub: a download is a job whose progress arrives as events and ends installed;
 * cancel keeps what arrived and a second start resumes it; the model in use cannot be removed;
 * bad requests are refused at the boundary.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelDownloadJobDto } from '../../electron/contract/model-manager-dto.js';
import { MemoryLogger } from '../../electron/core/logger.js';
import { ModelManager } from '../../electron/core/models/model-manager.js';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { parseApiArgs } from '../../electron/validation/parse-api-args.js';
import { FakeHub } from '../helpers/fake-hub.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

const REPO = 'Xenova/clip-vit-base-patch32';
const BIG = 'onnx/text_model.onnx';

function jobEnd(service: ApiService, jobId: string): Promise<ModelDownloadJobDto> {
  return new Promise((resolve) => {
    const off = service.events.on('modelDownloadProgress', (job) => {
      if (job.jobId === jobId && job.state !== 'running') {
        off();
        resolve(job);
      }
    });
  });
}

describe('model manager API', () => {
  let hub: FakeHub;
  let tmp: string;
  let service: ApiService;
  let retryDelayMs: number;
  let logger: MemoryLogger;

  beforeEach(async () => {
    hub = await new FakeHub({ [REPO]: { dir: FIXTURE_MODEL_DIR } }).start();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-models-api-'));
    retryDelayMs = 1;
    logger = new MemoryLogger();
    const modelsDir = path.join(tmp, 'models');
    // A long backoff holds a cut download in its retry wait, where cancel must still be instant.
    const manager = new ModelManager({ modelsDir, env: { HF_ENDPOINT: hub.endpoint }, logger, retry: { attempts: 3, get baseDelayMs() { return retryDelayMs; }, maxDelayMs: 600_000 } });
    service = createApiService({ libraryFile: path.join(tmp, 'library.db'), cacheDir: path.join(tmp, 'cache'), host: browserHostAdapter, modelManager: manager });
  });
  afterEach(async () => {
    await service.close();
    await hub.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('downloads the recommended model as a job with progress events, then lists it installed', async () => {
    const before = await service.listModels();
    const recommended = before.catalog.find((m) => m.recommended);
    expect(recommended).toMatchObject({ id: 'clip-vit-base-patch32', state: 'available' });
    const seen: ModelDownloadJobDto[] = [];
    service.events.on('modelDownloadProgress', (j) => seen.push(j));
    const job = await service.startModelDownload({ id: 'clip-vit-base-patch32' });
    expect(job.state).toBe('running');
    const end = await jobEnd(service, job.jobId);
    expect(end).toMatchObject({ state: 'done', dir: path.join(tmp, 'models', 'clip-vit-base-patch32'), error: null });
    expect(end.bytesTotal).toBeGreaterThan(1_000_000);
    expect(seen[0]).toMatchObject({ jobId: job.jobId, state: 'running' });
    expect(seen.at(-1)).toMatchObject({ jobId: job.jobId, state: 'done', bytesDone: end.bytesTotal });
    const after = await service.listModels();
    expect(after.catalog.find((m) => m.id === 'clip-vit-base-patch32')?.state).toBe('installed');
    expect(after.installed.map((m) => m.id)).toEqual(['clip-vit-base-patch32']);
    expect(await service.getModelDownload(job.jobId)).toMatchObject({ state: 'done' });
  });

  it('cancels a download and resumes it on the next start without fetching a byte twice', async () => {
    const size = hub.file(REPO, BIG).bytes.length;
    hub.cutAt(REPO, BIG, Math.floor(size / 2));
    retryDelayMs = 600_000;
    const job = await service.startModelDownload({ id: 'clip-vit-base-patch32' });
    // Wait until the cut happened and the job sits in its retry wait (it logs that it will try again).
    while (!logger.entries.some((e) => e.message.includes('trying again'))) await new Promise((r) => setTimeout(r, 10));
    const cancelled = await service.cancelModelDownload(job.jobId);
    expect(cancelled).toMatchObject({ state: 'cancelled', error: { code: 'MODEL_DOWNLOAD_CANCELLED' } });
    expect((await service.listModels()).catalog.find((m) => m.id === 'clip-vit-base-patch32')?.state).toBe('partial');
    retryDelayMs = 1;
    const again = await service.startModelDownload({ id: 'clip-vit-base-patch32' });
    expect(await jobEnd(service, again.jobId)).toMatchObject({ state: 'done' });
    expect(hub.servedBytes(REPO, BIG)).toBe(size);
  });

  it('refuses to remove the model in use, removes it once another is chosen', async () => {
    const job = await service.startModelDownload({ repo: REPO });
    const end = await jobEnd(service, job.jobId);
    await service.setModel({ dir: end.dir ?? '', device: 'cpu' });
    await expect(service.removeModel({ id: 'clip-vit-base-patch32', vectors: true })).rejects.toMatchObject({ code: 'MODEL_IN_USE' });
    const imported = await service.importModelFolder(FIXTURE_MODEL_DIR);
    await service.setModel({ dir: imported.dir, device: 'cpu' });
    await expect(service.removeModel({ id: 'clip-vit-base-patch32', vectors: false })).resolves.toMatchObject({ id: 'clip-vit-base-patch32', vectorsRemoved: 0 });
    expect((await service.listModels()).installed.map((m) => ({ id: m.id, active: m.active }))).toEqual([{ id: 'shapes-clip', active: true }]);
  });

  it('names a failed download in the job and refuses malformed requests at the boundary', async () => {
    await expect(service.startModelDownload({ id: 'no-such-model' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    const job = await service.startModelDownload({ repo: 'nobody/missing' });
    expect(await jobEnd(service, job.jobId)).toMatchObject({ state: 'failed', error: { code: 'MODEL_NOT_FOUND' } });
    expect(() => parseApiArgs('startModelDownload', [{ id: 'a', repo: 'o/n' }])).toThrow(/either a catalog id or a hub repository/);
    expect(() => parseApiArgs('removeModel', [{ id: '../../etc', vectors: false }])).toThrow();
    expect(() => parseApiArgs('startModelDownload', [{ repo: 'o/n', endpoint: 'file:///etc' }])).toThrow();
  });
});
