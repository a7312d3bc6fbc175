/**
 * Folder paths in the browser host (issue 13, defect 6): `~` means the home folder of the machine
 * Recollect runs on (it used to become `<server folder>/~/Pictures`), a relative path is refused
 * with a message saying what to type, and "Browse…" opens a folder browser, since the browser
 * host has no native picker. HOME is a temp folder for the host, so `~` is known here.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, screenshotLightAndDark, type LaunchedBrowser } from '../helpers/browser.js';
import { writeColourPhotos } from '../helpers/simple-photos.js';
import { closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = browserSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('folder paths in the browser host', () => {
  let home = '';
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  const added = () => page.getByRole('list', { name: 'Added folders' }).innerText();

  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-home-'));
    await writeColourPhotos(path.join(home, 'Pictures'), { red: 1 });
    await writeColourPhotos(path.join(home, 'Holidays', '2024'), { blue: 1 });
    await fs.mkdir(path.join(home, '.hidden'));
    // No model: the first-run page keeps the folder list in view.
    ({ host, browser, page } = await openBrowserSession(path.join(home, 'library.db'), { model: null, env: { HOME: home } }));
    await page.goto(host.url);
  }, 120_000);

  afterAll(() => closeBrowserSession({ host, browser }, home));

  it('adds ~/Pictures as the Pictures folder of the home folder', async () => {
    await page.getByLabel('Photo folder').fill('~/Pictures');
    await page.getByRole('button', { name: 'Add folder' }).click();
    await expect.poll(added, { timeout: 20_000 }).toContain(path.join(home, 'Pictures'));
    expect(await added()).not.toContain('~');
  });

  it('refuses a relative path with a message that says what to type', async () => {
    await page.getByLabel('Photo folder').fill('Holidays');
    await page.getByRole('button', { name: 'Add folder' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 20_000 }).toContain('"Holidays" is not a full path');
    expect(await alert.innerText()).toContain(`${path.join(home, 'Pictures')} or ~/Pictures`);
    expect(await added()).not.toContain('Holidays');
  });

  it('"Browse…" shows the folders of the home folder, goes down, and adds the chosen one', async () => {
    await page.getByLabel('Photo folder').fill('');
    await page.getByRole('button', { name: 'Browse…' }).first().click();
    const browserPanel = page.getByRole('group', { name: 'Folder browser' });
    const entries = browserPanel.getByRole('list', { name: 'Subfolders' });
    await expect.poll(() => entries.innerText(), { timeout: 20_000 }).toContain('Holidays');
    expect(await entries.innerText()).not.toContain('.hidden');
    await entries.getByRole('button', { name: 'Holidays', exact: true }).click();
    await expect.poll(() => entries.getByRole('button', { name: '2024', exact: true }).isVisible()).toBe(true);
    await entries.getByRole('button', { name: '2024', exact: true }).click();
    await expect.poll(() => browserPanel.innerText()).toContain(path.join(home, 'Holidays', '2024'));
    await screenshotLightAndDark(page, 'folder-browser');
    await browserPanel.getByRole('button', { name: 'Choose this folder' }).click();
    await expect.poll(added, { timeout: 20_000 }).toContain(path.join(home, 'Holidays', '2024'));
    expect(await browserPanel.isVisible()).toBe(false);
  });

  it('logged no page errors or Content-Security-Policy violations', () => {
    // The refused relative path answers 400 on purpose.
    expect(browser.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });
});
