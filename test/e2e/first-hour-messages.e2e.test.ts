/**
 * The messages a new user meets in the browser host (issue 13, defect 7): a just-added folder
 * says it is waiting for a model (not "0 photos"), a model folder that does not exist is called
 * that (not "missing onnx/vision_model.onnx") and no GUI message names a command-line flag, and
 * a query of negative terms only gets its own message without advice about the model.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, type LaunchedBrowser } from '../helpers/browser.js';
import { writeColourPhotos } from '../helpers/simple-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { addFolderThroughUi, closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = browserSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('first-hour messages in the browser host', () => {
  let tmp = '';
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-messages-'));
    await writeColourPhotos(path.join(tmp, 'Pictures'), { red: 3, blue: 3 });
    ({ host, browser, page } = await openBrowserSession(path.join(tmp, 'library.db'), { model: null }));
  }, 120_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp));

  it('a folder added before a model is chosen is "waiting for a model", not "0 photos"', async () => {
    await page.goto(host.url);
    await addFolderThroughUi(page, path.join(tmp, 'Pictures'));
    const added = page.getByRole('list', { name: 'Added folders' });
    await expect.poll(() => added.innerText(), { timeout: 20_000 }).toContain('Pictures');
    expect(await added.innerText()).toContain('waiting for a model');
    expect(await added.innerText()).not.toContain('0 photos');
  });

  it('a model folder that does not exist is called that, in words without command-line flags', async () => {
    await page.getByLabel('Model folder').fill(path.join(tmp, 'no-such-model'));
    await page.getByRole('button', { name: 'Use this model' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 20_000 }).toContain('does not exist');
    expect(await alert.innerText()).not.toContain('vision_model.onnx is missing');
    expect(await alert.innerText()).not.toMatch(/--\w/);
  });

  it('negative terms alone get their own message and no advice about the model', async () => {
    await page.getByLabel('Model folder').fill(FIXTURE_MODEL_DIR);
    await page.getByRole('button', { name: 'Use this model' }).click();
    const box = page.getByRole('searchbox', { name: 'Search photos' });
    await box.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole('region', { name: 'Indexing' }).getByRole('status').textContent(), { timeout: 60_000 }).toBe('Library up to date');
    await box.fill('-people');
    const alert = page.getByRole('region', { name: 'Search' }).getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 20_000 }).toContain('need a positive part');
    expect(await alert.innerText()).not.toContain('model');
  }, 120_000);

  it('says what a negative term removed, also when it removed nothing (issue 13, defect 9)', async () => {
    const box = page.getByRole('searchbox', { name: 'Search photos' });
    await box.fill('red -blue');
    const search = page.getByRole('region', { name: 'Search' });
    await expect.poll(() => search.innerText(), { timeout: 20_000 }).toMatch(/−blue removed \d+ photos?/);
    await box.fill('red -green');
    await expect.poll(() => search.innerText(), { timeout: 20_000 }).toContain('−green removed');
  }, 60_000);

  it('logged no page errors or Content-Security-Policy violations', () => {
    // The refused model folder and the refused query answer 4xx on purpose.
    expect(browser.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });
});
