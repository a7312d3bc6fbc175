/**
 * A provider added through the style hook shows in the app and previews (issue 11: "a test-only
 * provider registered through the hook appears in --providers and in the UI and previews"). The
 * browser host cannot load test code by design (no flag or environment variable loads a provider),
 * so this test builds the same host in-process: the API service with the built-in providers plus
 * the test-only one (test/helpers/test-style-provider.ts), served by startBrowserHost, in Chromium.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_STYLE_PROVIDERS } from '../../electron/core/style/builtin-providers.js';
import { startBrowserHost, type BrowserHost } from '../../electron/serve/browser-host.js';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { renderScene } from '../../tools/fixture-model/render-scene.js';
import { launchBrowser, type LaunchedBrowser } from '../helpers/browser.js';
import { chooseScenes } from '../helpers/render-scenes.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { TEST_PROVIDER_ID, testStyleProviderFactory } from '../helpers/test-style-provider.js';
import { browserAndModelSkipReason } from './browser-session.js';

const skip = await browserAndModelSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('a style provider added through the hook, in the app', () => {
  let tmp = '';
  let service: ApiService;
  let host: BrowserHost;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-style-hook-e2e-'));
    const photos = path.join(tmp, 'Pictures');
    await fs.mkdir(photos);
    const [[scene] = []] = chooseScenes([{ count: 1, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === 'red' }], 5000, 1);
    if (!scene) throw new Error('no scene');
    await fs.writeFile(path.join(photos, 'IMG_RED.jpg'), (await renderScene(scene.seed, { width: 600, height: 400, maxObjects: 1, format: 'jpeg', quality: 90 })).buffer);
    service = createApiService({
      libraryFile: path.join(tmp, 'library.db'),
      cacheDir: path.join(tmp, 'cache'),
      host: browserHostAdapter,
      modelDir: FIXTURE_MODEL_DIR,
      style: { factories: [...BUILTIN_STYLE_PROVIDERS, testStyleProviderFactory] },
    });
    const indexed = new Promise<void>((resolve) => {
      const off = service.events.on('indexProgress', (s) => {
        if (s.phase !== 'done') return;
        off();
        resolve();
      });
    });
    await service.addFolder(photos);
    await indexed;
    host = await startBrowserHost({ service });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await service?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('lists the test-only provider beside the built-ins and previews with it', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    const grid = page.getByRole('list', { name: 'Photos' });
    await expect.poll(() => grid.getByRole('button').count(), { timeout: 30_000 }).toBe(1);
    await grid.getByRole('button', { name: 'IMG_RED.jpg', exact: true }).click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    await viewer.getByRole('button', { name: 'Style' }).click();
    const panel = viewer.getByRole('region', { name: 'Style', exact: true });
    const mine = panel.getByRole('radio', { name: 'Test grey' });
    await expect.poll(() => mine.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await panel.getByText('Greys the photo (tests only).').isVisible()).toBe(true);
    expect(await panel.getByRole('radio', { name: 'CLIP look finder' }).isEnabled()).toBe(true);
    await mine.check();
    await panel.getByRole('textbox', { name: 'Look', exact: true }).fill('grey');
    await panel.getByRole('textbox', { name: 'Look', exact: true }).press('Enter');
    const after = viewer.getByRole('img', { name: 'IMG_RED.jpg, styled preview' });
    await expect.poll(() => after.count(), { timeout: 30_000 }).toBe(1);
    // What the test provider returns is known exactly: the photo in black and white.
    const src = (await after.getAttribute('src')) ?? '';
    expect(src).toMatch(/^data:image\/png;base64,/);
    const stats = await sharp(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64')).stats();
    const [r, g, b] = stats.channels.map((c) => c.mean);
    expect(Math.abs((r ?? 0) - (g ?? 0))).toBeLessThan(2);
    expect(Math.abs((g ?? 0) - (b ?? 0))).toBeLessThan(2);
    expect((await service.listStyleProviders()).map((p) => p.id)).toContain(TEST_PROVIDER_ID);
    expect(errors).toEqual([]);
  }, 90_000);
});
