/**
 * The library basics of issue 13 in Chromium through the real browser host: the folder tree with
 * counts filtering the grid (mouse and keyboard), a watched folder picking up a photo copied in
 * while the page is open (no Rescan pressed), and the Duplicates view with the best copy marked.
 * Screenshots: folder-tree, watched-folder, duplicates (light and dark).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotLightAndDark, type LaunchedBrowser } from '../helpers/browser.js';
import { chooseScenes, writeScenes, type PlannedScene } from '../helpers/render-scenes.js';
import { addFolderThroughUi, browserAndModelSkipReason, closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = await browserAndModelSkipReason();
if (skip) console.warn(skip);

const describeScene = (s: PlannedScene): string => `${s.background}:${s.objects.map((o) => `${o.size} ${o.colour} ${o.shape}`).sort().join(',')}`;

describe.skipIf(skip !== null)('folder tree, watching and duplicates in the browser', () => {
  let tmp = '';
  let pictures = '';
  let spare = '';
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  const tree = () => page.getByRole('tree', { name: 'Folders' });
  const item = (name: RegExp) => tree().getByRole('treeitem', { name });
  const gridCount = () => page.getByRole('list', { name: 'Photos' }).getByRole('button').count();

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-views-e2e-'));
    pictures = path.join(tmp, 'Pictures');
    // Scenes the model tells apart (two renders of one description look the same to it).
    const [picked = []] = chooseScenes([{ count: 8, accept: () => true }], 21);
    const seen = new Set<string>();
    const scenes = picked.filter((s) => !seen.has(describeScene(s)) && seen.add(describeScene(s))).slice(0, 5);
    const written = await writeScenes(path.join(pictures, '2024', 'summer'), scenes.slice(0, 4));
    const [first, second] = written;
    if (!first || !second) throw new Error('scenes');
    await fs.mkdir(path.join(pictures, 'backup'));
    await fs.copyFile(first.path, path.join(pictures, 'backup', path.basename(first.path)));
    await sharp(second.path).resize(160).jpeg({ quality: 80 }).toFile(path.join(pictures, 'backup', 'small-copy.jpg'));
    const [extra] = await writeScenes(path.join(tmp, 'spare'), scenes.slice(4, 5));
    spare = extra?.path ?? '';
    ({ host, browser, page } = await openBrowserSession(path.join(tmp, 'app-data', 'library.db')));
  }, 120_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp));

  it('indexes the folder and shows its subfolders with counts in the sidebar tree', async () => {
    await page.goto(host.url);
    await addFolderThroughUi(page, pictures, { untilIndexed: true });
    await expect.poll(() => item(/^Pictures 6 photos/).count(), { timeout: 20_000 }).toBe(1);
    expect(await item(/^2024 4 photos/).getAttribute('aria-expanded')).toBe('false');
    expect(await item(/^backup 2 photos/).getAttribute('aria-expanded')).toBeNull();
    expect(await item(/^All photos 6 photos/).innerText()).toContain('1 of them exact copy');
  });

  it('filters the grid by the chosen subfolder, with the mouse and with the keyboard', async () => {
    await item(/^backup/).click();
    await expect.poll(gridCount, { timeout: 20_000 }).toBe(2);
    expect(await item(/^backup/).getAttribute('aria-selected')).toBe('true');
    // Keyboard: up to 2024, Right opens it, Down to summer, Enter chooses it.
    await item(/^backup/).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    expect(await item(/^2024/).getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => item(/^summer 4 photos/).getAttribute('aria-selected')).toBe('true');
    await expect.poll(gridCount, { timeout: 20_000 }).toBe(4);
    await screenshotLightAndDark(page, 'folder-tree');
  });

  it('picks up a photo copied into a watched folder while the page is open', async () => {
    await fs.copyFile(spare, path.join(pictures, '2024', 'summer', 'new-arrival.png'));
    await expect.poll(gridCount, { timeout: 30_000 }).toBe(5);
    await expect.poll(() => page.getByRole('list', { name: 'Photos' }).getByRole('button', { name: 'new-arrival.png' }).count()).toBe(1);
    await expect.poll(() => item(/^summer 5 photos/).count()).toBe(1);
    await screenshotLightAndDark(page, 'watched-folder');
  });

  it('groups the byte copy and the resized copy in the Duplicates view, best copy marked', async () => {
    await page.getByRole('button', { name: 'Duplicates' }).click();
    const view = page.getByRole('region', { name: 'Duplicates' });
    const groups = view.getByRole('listitem').filter({ has: page.getByText(/^(Exact copies|Look the same)/) });
    await expect.poll(() => groups.count(), { timeout: 20_000 }).toBe(2);
    expect(await groups.nth(0).innerText()).toContain('Exact copies: the same file content');
    expect(await groups.nth(1).innerText()).toMatch(/Look the same: similarity 0\.9\d\d/);
    expect(await view.getByText('Best copy', { exact: true }).count()).toBe(2);
    expect(await groups.nth(1).innerText()).toContain('largest resolution: 224 × 224');
    // The grid's folder choice is not shown as selected while the view is open.
    expect(await tree().locator('[aria-selected="true"]').count()).toBe(0);
    await screenshotLightAndDark(page, 'duplicates');
  });

  it('logged no page errors or Content-Security-Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
