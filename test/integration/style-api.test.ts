/**
 * The style preview through the RecollectApi (what the Electron worker and the browser host both
 * serve; issue 11 item 4): providers with a test-only one registered through the hook, a preview
 * job with styleProgress events ending in the result, cancel, save a copy, originals untouched.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexStateDto } from '../../electron/contract/dto.js';
import type { StyleJobDto } from '../../electron/contract/style-dto.js';
import { BUILTIN_STYLE_PROVIDERS } from '../../electron/core/style/builtin-providers.js';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { renderScene } from '../../tools/fixture-model/render-scene.js';
import { chooseScenes } from '../helpers/render-scenes.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { TEST_PROVIDER_ID, testStyleProviderFactory } from '../helpers/test-style-provider.js';

const sha256 = async (file: string) => createHash('sha256').update(await fs.readFile(file)).digest('hex');

function jobEnd(service: ApiService, jobId: string, timeoutMs = 60_000): Promise<StyleJobDto> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job ${jobId} did not end in ${timeoutMs} ms`)), timeoutMs);
    const off = service.events.on('styleProgress', (job) => {
      if (job.jobId !== jobId || job.running) return;
      clearTimeout(timer);
      off();
      resolve(job);
    });
  });
}

describe('style preview through the API', () => {
  let tmp = '';
  let service: ApiService;
  let photoId = 0;
  let photoPath = '';
  let photoHash = '';

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-style-api-'));
    const photos = path.join(tmp, 'Photos');
    await fs.mkdir(photos);
    const [[scene] = []] = chooseScenes([{ count: 1, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === 'brown' }], 5000, 1);
    if (!scene) throw new Error('no scene');
    photoPath = path.join(photos, 'IMG_0042.jpg');
    await fs.writeFile(photoPath, (await renderScene(scene.seed, { width: 900, height: 600, maxObjects: 1, format: 'jpeg', quality: 90 })).buffer);
    photoHash = await sha256(photoPath);
    service = createApiService({
      libraryFile: path.join(tmp, 'library.db'),
      cacheDir: path.join(tmp, 'cache'),
      host: browserHostAdapter,
      modelDir: FIXTURE_MODEL_DIR,
      style: { factories: [...BUILTIN_STYLE_PROVIDERS, testStyleProviderFactory], settingsFor: () => ({ maxGenerations: 4, budgetSeconds: 60 }) },
    });
    const indexed = new Promise<void>((resolve) => {
      const off = service.events.on('indexProgress', (s: IndexStateDto) => {
        if (s.phase !== 'done') return;
        off();
        resolve();
      });
    });
    await service.addFolder(photos);
    await indexed;
    const page = await service.listPhotos({ offset: 0, limit: 10 });
    photoId = page.photos[0]?.id ?? 0;
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('lists the built-in look finder first and the provider registered through the hook', async () => {
    const providers = await service.listStyleProviders();
    expect(providers.map((p) => p.id)).toEqual(['clip-look', 'onnx-style', 'img2img-server', TEST_PROVIDER_ID]);
    const ready = providers.filter((p) => p.id === 'clip-look' || p.id === TEST_PROVIDER_ID);
    expect(ready.every((p) => p.available && p.reason === null)).toBe(true);
    // Unconfigured here (this test's settings set no folder or server): greyed out with a reason.
    expect(providers.filter((p) => !ready.includes(p)).every((p) => !p.available && (p.reason ?? '').length > 0)).toBe(true);
  });

  it('previews as a job: progress events, then the result with image, recipe and scores', async () => {
    const seen: StyleJobDto[] = [];
    const off = service.events.on('styleProgress', (j) => void seen.push(j));
    const job = await service.previewStyle({ photoId, prompt: 'a red shape', strength: 1, size: 480 });
    expect(job.running).toBe(true);
    const end = await jobEnd(service, job.jobId);
    off();
    expect(end.error).toBeNull();
    expect(end.result?.provider).toBe('clip-look');
    expect(end.result?.image).toMatch(/^data:image\/png;base64,/);
    expect([end.result?.width, end.result?.height]).toEqual([480, 320]);
    expect(end.result?.recipe.kind).toBe('look');
    expect(end.result?.scores?.after).toBeGreaterThan(end.result?.scores?.before ?? 1);
    expect(seen.some((j) => j.running && /Searching/.test(j.stage))).toBe(true);
    expect(await service.getStyleJob(job.jobId)).toEqual(end);
    expect(await sha256(photoPath)).toBe(photoHash);

    const saved = await service.saveStyledCopy({ photoId, provider: 'clip-look', recipe: end.result?.recipe ?? {}, label: 'a red shape' });
    expect(saved.path).toBe(path.join(path.dirname(photoPath), 'IMG_0042 (a red shape).jpg'));
    expect((await sharp(saved.path).metadata()).width).toBe(900);
    expect(await sha256(photoPath)).toBe(photoHash);
  }, 60_000);

  it('previews with the test-only provider (no scores: it measures none)', async () => {
    const job = await service.previewStyle({ photoId, prompt: '', provider: TEST_PROVIDER_ID, strength: 1, size: 300 });
    const end = await jobEnd(service, job.jobId);
    expect(end.result).toMatchObject({ provider: TEST_PROVIDER_ID, recipe: { grey: 1 }, scores: null, width: 300 });
  });

  it('cancels a running preview: the job ends with CANCELLED', async () => {
    const job = await service.previewStyle({ photoId, prompt: 'a blue shape', strength: 1, size: 480 });
    const cancelled = await service.cancelStylePreview(job.jobId);
    expect(cancelled?.running).toBe(false);
    expect(cancelled?.error?.code).toBe('CANCELLED');
    expect(await service.cancelStylePreview('no-such-job')).toBeNull();
  });

  it('refuses unknown photos and providers with codes', async () => {
    await expect(service.previewStyle({ photoId: 99999, prompt: 'x', strength: 1 })).rejects.toMatchObject({ code: 'PHOTO_NOT_FOUND' });
    await expect(service.previewStyle({ photoId, prompt: 'x', provider: 'nope', strength: 1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
