/**
 * "More like this" in the app (issue 13, defect 3), where a new user saw "0 matches, 60 weaker
 * hidden" and text-search advice quoting a file path for a photo whose exact copy is in the
 * library. The library is the public corpus plus a byte copy of the photo that showed it
 * (its image scores spread so wide that the text cut-off hid everything).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, type LaunchedBrowser } from '../helpers/browser.js';
import { CORPUS_DIR } from '../helpers/test-model.js';
import { closeBrowserSession, openBrowserSession } from './browser-session.js';
import { callApi, type ServeProcess } from './serve-process.js';

const PHOTO = path.join(CORPUS_DIR, 'exif-samples/jpg/exif-org/fujifilm-finepix40i.jpg');
const skip = browserSkipReason() ?? (await fs.access(PHOTO).then(() => null, () => `e2e skipped: no corpus at ${CORPUS_DIR}`));
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('"More like this" on a photo with an exact copy', () => {
  let tmp = '';
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  const copies = () => path.join(tmp, 'Copies');

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-more-like-'));
    await fs.mkdir(copies());
    await fs.copyFile(PHOTO, path.join(copies(), 'copy-of-fujifilm.jpg'));
    ({ host, browser, page } = await openBrowserSession(path.join(tmp, 'library.db')));
  }, 120_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp));

  it('indexes the corpus and the copy', async () => {
    expect((await callApi(host, 'addFolder', [CORPUS_DIR])).status).toBe(200);
    expect((await callApi(host, 'addFolder', [copies()])).status).toBe(200);
    await page.goto(host.url);
    const panel = page.getByRole('region', { name: 'Indexing' });
    await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 120_000 }).toBe('Library up to date');
  }, 150_000);

  it('shows the original first for its copy, with no text-search advice', async () => {
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('treeitem', { name: /^Copies/ }).click();
    await page.getByRole('list', { name: 'Photos' }).getByRole('button', { name: 'copy-of-fujifilm.jpg', exact: true }).click();
    const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
    await viewer.getByRole('button', { name: 'More like this' }).click();
    const results = page.getByRole('list', { name: 'Search results' });
    await expect.poll(() => results.getByRole('button').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const first = await results.getByRole('button').first().getAttribute('aria-label');
    expect(first).toBe('fujifilm-finepix40i.jpg');
    const search = page.getByRole('region', { name: 'Search' });
    expect(await search.innerText()).not.toContain('Describe what is in the picture');
    expect(await search.innerText()).toContain('Photos like copy-of-fujifilm.jpg');
  }, 60_000);

  it('logged no page errors or Content-Security-Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
