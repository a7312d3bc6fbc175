/**
 * Getting a model in the app (issue 12, item 7), in real Chromium through the browser host, from
 * a local hub (test/helpers/fake-hub.ts) that sends bodies slowly so the progress can be watched:
 * a new user adds a folder, clicks "Download the recommended model", sees the bar move, and the
 * model is chosen and indexes the photos; the Models page lists the catalog and the installed
 * model as active (not removable, and says why); a second download is cancelled, kept, resumed
 * with Range requests and lands under Installed. Screenshots: first-run-download, models-page.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, screenshotLightAndDark, type LaunchedBrowser } from '../helpers/browser.js';
import { FakeHub } from '../helpers/fake-hub.js';
import { writeColourPhotos } from '../helpers/simple-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { addFolderThroughUi, closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = browserSkipReason();
if (skip) console.warn(skip);

const RECOMMENDED = 'Xenova/clip-vit-base-patch32';
const SECOND = 'Xenova/clip-vit-base-patch16';
/** The fixture model is ~1.1 MB: about 7 s at this rate, long enough to watch and cancel. */
const RATE = 160_000;

describe.skipIf(skip !== null)('downloading and managing models in the app', () => {
  let tmp = '';
  let hub: FakeHub;
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-models-e2e-'));
    await writeColourPhotos(path.join(tmp, 'Pictures'), { red: 3, blue: 3 });
    // The catalog's repositories, both holding the fixture model (the catalog lists its file names).
    hub = await new FakeHub({ [RECOMMENDED]: { dir: FIXTURE_MODEL_DIR }, [SECOND]: { dir: FIXTURE_MODEL_DIR } }).start();
    hub.bytesPerSecond = RATE;
    ({ host, browser, page } = await openBrowserSession(path.join(tmp, 'library.db'), {
      model: null,
      env: {
        HF_ENDPOINT: hub.endpoint,
        RECOLLECT_MODELS_DIR: path.join(tmp, 'models'),
        HF_TOKEN: '',
        HTTPS_PROXY: '',
        HTTP_PROXY: '',
        https_proxy: '',
        http_proxy: '',
      },
    }));
  }, 120_000);

  afterAll(async () => {
    try {
      await closeBrowserSession({ host, browser }, tmp);
    } finally {
      await hub?.close();
    }
  });

  it('first run: one click downloads the recommended model with a moving progress bar, then indexes the photos', async () => {
    await page.goto(host.url);
    await addFolderThroughUi(page, path.join(tmp, 'Pictures'));
    await expect.poll(() => page.getByRole('list', { name: 'Added folders' }).innerText(), { timeout: 30_000 }).toContain('waiting for a model');

    const start = page.getByRole('button', { name: /^Download the recommended model \(about \d+(\.\d)? MB\)$/ });
    await expect.poll(() => start.isVisible(), { timeout: 30_000 }).toBe(true);
    await start.click();

    const download = page.getByRole('group', { name: 'Download of CLIP ViT-B/32' });
    const numbers = download.getByRole('status');
    await expect.poll(() => numbers.innerText(), { timeout: 30_000 }).toMatch(/^\d[\d.]* (B|KB|MB) of 1\.\d MB · .*\/s · \d+ s left$/);
    const first = await numbers.innerText();
    await expect.poll(() => numbers.innerText(), { timeout: 30_000 }).not.toBe(first);
    expect(await download.getByText(/^File \d of \d+:/).isVisible()).toBe(true);
    expect(await download.getByRole('progressbar', { name: 'Downloading CLIP ViT-B/32' }).isVisible()).toBe(true);
    await screenshotLightAndDark(page, 'first-run-download');

    // Done: the model is chosen and indexes the folder; the library shows the photos.
    await expect.poll(() => page.getByRole('searchbox', { name: 'Search photos' }).isVisible(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.getByRole('region', { name: 'Model', exact: true }).innerText(), { timeout: 30_000 }).toContain('clip-vit-base-patch32');
    await expect.poll(() => page.getByRole('region', { name: 'Indexing' }).getByRole('status').textContent(), { timeout: 60_000 }).toBe('Library up to date');
    await expect.poll(() => page.getByRole('list', { name: 'Photos' }).getByRole('listitem').count(), { timeout: 30_000 }).toBe(6);
  }, 120_000);

  it('the Models page shows the catalog and the installed model as active, which cannot be removed', async () => {
    await page.getByRole('navigation', { name: 'Library tools' }).getByRole('button', { name: 'Models' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Models', level: 1 }).isVisible(), { timeout: 30_000 }).toBe(true);
    const installed = page.getByRole('list', { name: 'Installed models' }).getByRole('listitem');
    await expect.poll(() => installed.count(), { timeout: 30_000 }).toBe(1);
    const active = installed.first();
    // The page re-reads the list on open: the vectors the first index wrote.
    await expect.poll(() => active.innerText(), { timeout: 30_000 }).toMatch(/CLIP ViT-B\/32\s+Active: answers searches[\s\S]*Vectors in this library\s*6 photos/);
    expect(await active.getByRole('button', { name: 'Remove…' }).isDisabled()).toBe(true);
    expect(await active.innerText()).toContain('This library uses it, so it cannot be removed: use another model first.');

    const catalog = page.getByRole('list', { name: 'Model catalog' }).getByRole('listitem');
    const names = await catalog.getByRole('heading').allInnerTexts();
    expect(names).toEqual(expect.arrayContaining(['CLIP ViT-B/32', 'CLIP ViT-B/16', 'CLIP ViT-L/14', 'Chinese-CLIP ViT-B/16']));
    const chinese = catalog.filter({ has: page.getByRole('heading', { name: 'Chinese-CLIP ViT-B/16' }) });
    expect(await chinese.innerText()).toMatch(/Languages\s*Chinese/);
    expect(await catalog.filter({ has: page.getByRole('heading', { name: 'CLIP ViT-B/32' }) }).innerText()).toContain('In use');
  }, 60_000);

  it('a download cancelled on the Models page keeps what arrived and resumes from there', async () => {
    const entry = page.getByRole('list', { name: 'Model catalog' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'CLIP ViT-B/16', exact: true }) });
    await entry.getByRole('button', { name: /^Download \(about/ }).click();
    const numbers = entry.getByRole('group', { name: 'Download of CLIP ViT-B/16' }).getByRole('status');
    await expect.poll(() => numbers.innerText(), { timeout: 30_000 }).toMatch(/^[1-9][\d.]* (KB|MB) of 1\.\d MB/);
    await screenshotLightAndDark(page, 'models-page');
    await entry.getByRole('button', { name: 'Cancel' }).click();

    await expect.poll(() => entry.getByRole('status').innerText(), { timeout: 30_000 }).toMatch(/^Download cancelled; the [\d.]+ (KB|MB) that arrived are kept\. Resume goes on from there\.$/);
    await expect.poll(() => entry.innerText(), { timeout: 30_000 }).toContain('Partly downloaded');
    const resumed = (): number => hub.requests.filter((r) => /^bytes=[1-9]/.test(r.range ?? '')).length;
    const rangesBefore = resumed();
    await entry.getByRole('button', { name: 'Resume download' }).click();

    const installed = page.getByRole('list', { name: 'Installed models' }).getByRole('listitem');
    await expect.poll(() => installed.count(), { timeout: 60_000 }).toBe(2);
    const second = installed.filter({ has: page.getByRole('heading', { name: 'CLIP ViT-B/16' }) });
    expect(await second.getByRole('button', { name: 'Use' }).isEnabled()).toBe(true);
    // The resume asked for the rest of a file, not for it all again.
    expect(resumed()).toBeGreaterThan(rangesBefore);
  }, 90_000);

  it('a model the hub does not have fails in words, with a way to try again', async () => {
    const entry = page.getByRole('list', { name: 'Model catalog' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'CLIP ViT-L/14', exact: true }) });
    await entry.getByRole('button', { name: /^Download \(about/ }).click();
    const alert = entry.getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 30_000 }).toMatch(/has no .*\(HTTP 404\): check the name and revision/);
    // The failure event can arrive before the start call's own answer, while the button is still busy.
    await expect.poll(() => entry.getByRole('button', { name: 'Try again' }).isEnabled(), { timeout: 10_000 }).toBe(true);
  }, 60_000);

  it('"Use" switches to another installed model; then the old one can be removed with its vectors', async () => {
    const installed = page.getByRole('list', { name: 'Installed models' }).getByRole('listitem');
    const b16 = installed.filter({ has: page.getByRole('heading', { name: 'CLIP ViT-B/16' }) });
    await b16.getByRole('button', { name: 'Use' }).click();
    await expect.poll(() => b16.innerText(), { timeout: 60_000 }).toContain('Active: answers searches');
    await expect.poll(() => page.getByRole('region', { name: 'Model', exact: true }).innerText(), { timeout: 30_000 }).toContain('clip-vit-base-patch16');

    const b32 = installed.filter({ has: page.getByRole('heading', { name: 'CLIP ViT-B/32' }) });
    await b32.getByRole('button', { name: 'Remove…' }).click();
    const confirm = b32.getByRole('group', { name: 'Remove CLIP ViT-B/32' });
    await confirm.getByRole('checkbox', { name: /Also remove its vectors from this library \(6\)/ }).check();
    await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => installed.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => fs.access(path.join(tmp, 'models', 'clip-vit-base-patch32')).then(() => 'there', () => 'gone')).toBe('gone');
    // Back in the catalog as a download.
    const entry = page.getByRole('list', { name: 'Model catalog' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'CLIP ViT-B/32', exact: true }) });
    expect(await entry.getByRole('button', { name: /^Download \(about/ }).isVisible()).toBe(true);
  }, 90_000);

  it('logged no page errors or Content-Security-Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
