/**
 * Albums in the real browser host with the fixture model, as a user does it: create one from a
 * starter and one from words (with the live preview), reject and accept with the keyboard and
 * see the album re-sort, undo, open "Why?", sort into albums; an album made by another client
 * appears without a reload. No page errors. Screenshots of each state (docs/screenshots with
 * RECOLLECT_UPDATE_SCREENSHOTS=1, else .cache/screenshots).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotLightAndDark, settleImages, type LaunchedBrowser } from '../helpers/browser.js';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { chooseScenes, writeScenes, type WrittenScene } from '../helpers/render-scenes.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { browserAndModelSkipReason, closeBrowserSession, openBrowserSession } from './browser-session.js';
import { callApi, type ServeProcess } from './serve-process.js';

const skip = await browserAndModelSkipReason();
if (skip) console.warn(skip);

/** Names of the album grid's photos in order, with their state. */
async function tiles(page: Page): Promise<{ name: string; state: string }[]> {
  return page
    .getByRole('listbox')
    .getByRole('option')
    .evaluateAll((els) => els.map((e) => ({ name: (e.getAttribute('aria-label') ?? '').split(',')[0] ?? '', state: e.getAttribute('data-state') ?? '' })));
}

/** Waits for the album view to show a fresh answer after an action. */
async function albumAnswered(page: Page, action: () => Promise<void>): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/getAlbum'), { timeout: 20_000 });
  await action();
  await answered;
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

async function focusedName(page: Page): Promise<string> {
  return page.evaluate(`(document.activeElement?.getAttribute('aria-label') ?? '').split(',')[0]`) as Promise<string>;
}

describe.skipIf(skip !== null)('albums in the browser host', () => {
  let tmp = '';
  let scenes: WrittenScene[] = [];
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-albums-e2e-'));
    const photosDir = path.join(tmp, 'Pictures');
    const [red, other] = chooseScenes(
      [
        { count: 12, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === 'red' },
        { count: 36, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour !== 'red' },
      ],
      8_200_000,
    );
    scenes = await writeScenes(photosDir, [...(red ?? []), ...(other ?? [])]);
    const library = path.join(tmp, 'app-data', 'library.db');
    const indexed = jsonOf<{ indexed: number }>(await runCli(['index', photosDir, '--model', FIXTURE_MODEL_DIR, '--device', 'cpu', '--library', library, '--json']));
    expect(indexed.indexed).toBe(scenes.length);
    ({ host, browser, page } = await openBrowserSession(library));
  }, 180_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp));

  it('creates an album from a starter in one click', async () => {
    await page.goto(host.url);
    const albums = page.getByRole('navigation', { name: 'Albums' });
    await albums.getByRole('button', { name: 'New album' }).click();
    const dialog = page.getByRole('dialog', { name: 'New album' });
    await dialog.getByRole('button', { name: 'Add Flowers' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Flowers');
    await expect.poll(() => albums.getByRole('button', { name: /^Flowers/ }).count()).toBe(1);
  });

  it('creates an album from words with a live preview of what it would hold', async () => {
    await page.getByRole('navigation', { name: 'Albums' }).getByRole('button', { name: 'New album' }).click();
    const dialog = page.getByRole('dialog', { name: 'New album' });
    await dialog.getByLabel('Name').fill('Red things');
    const previewed = page.waitForResponse((r) => r.url().endsWith('/api/previewAlbum'));
    await dialog.getByLabel('What its photos show').fill('red things');
    expect((await previewed).status()).toBe(200);
    const heading = dialog.getByRole('heading', { name: /would be in it/ });
    await heading.waitFor();
    const wouldHold = Number((await heading.textContent())?.match(/\d+/)?.[0]);
    expect(wouldHold).toBeGreaterThanOrEqual(8);
    await settleImages(page);
    await screenshotLightAndDark(page, 'album-new');
    await albumAnswered(page, () => dialog.getByRole('button', { name: 'Create album' }).click());
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Red things');
    const shown = await tiles(page);
    expect(shown.length).toBe(wouldHold);
    expect(shown.every((t) => t.state === 'suggested')).toBe(true);
    const red = new Set(scenes.filter((s) => s.objects[0]?.colour === 'red').map((s) => path.basename(s.path)));
    expect(shown.filter((t) => red.has(t.name)).length / shown.length).toBeGreaterThanOrEqual(0.9);
    await settleImages(page);
    await screenshotLightAndDark(page, 'album-view');
  });

  it('rejects with R (the album re-sorts at once), undoes with Z, accepts two with Shift+Arrow and A', async () => {
    const grid = page.getByRole('listbox');
    const first: Locator = grid.getByRole('option').first();
    const before = await tiles(page);
    const victim = before[0]?.name ?? '';
    // The album may still re-read itself after its creation event: click until the tile holds focus.
    await expect.poll(async () => (await first.click(), focusedName(page)), { timeout: 10_000 }).toBe(victim);
    await albumAnswered(page, () => page.keyboard.press('r'));
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'rejected from' }).textContent()).toMatch(/1 photo rejected from Red things/);
    const afterReject = await tiles(page);
    expect(afterReject.map((t) => t.name)).not.toContain(victim);
    expect(afterReject.length).toBe(before.length - 1);
    // Focus stays in the grid, on the photo that moved into place: the next key works at once.
    expect(await focusedName(page)).toBe(afterReject[0]?.name);

    await albumAnswered(page, () => page.keyboard.press('z'));
    expect((await tiles(page)).map((t) => t.name)).toEqual(before.map((t) => t.name));

    // Photos the album missed, accepted: show everything, go to the best two outside it (Home,
    // then arrows to the first one out), select both with Shift+ArrowRight, accept with A.
    await albumAnswered(page, () => page.getByLabel('Show photos outside the album too').check());
    await grid.getByRole('option').first().click();
    const all = await tiles(page);
    const firstOut = all.findIndex((t) => t.state === 'out');
    expect(firstOut).toBeGreaterThan(0);
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    for (let i = 0; i < firstOut; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    const chosen = all.slice(firstOut, firstOut + 2).map((t) => t.name);
    expect(await grid.getByRole('option', { selected: true }).count()).toBe(2);
    await albumAnswered(page, () => page.keyboard.press('a'));
    // The answer is in; the grid re-sorts on the next render (CI once read it a frame early).
    await expect.poll(async () => (await tiles(page)).slice(0, 2).map((t) => t.state)).toEqual(['accepted', 'accepted']);
    const afterAccept = await tiles(page);
    expect(afterAccept.slice(0, 2).map((t) => t.state)).toEqual(['accepted', 'accepted']);
    expect(new Set(afterAccept.slice(0, 2).map((t) => t.name))).toEqual(new Set(chosen));
    await expect.poll(() => page.getByText(/2 accepted, 0 rejected by you/).count()).toBe(1);
    // Accepting what the album missed adds to it; every photo its words found is still there.
    const members = new Set(afterAccept.filter((t) => t.state === 'accepted' || t.state === 'suggested').map((t) => t.name));
    expect(before.filter((t) => !members.has(t.name))).toEqual([]);
    await albumAnswered(page, () => page.getByLabel('Show photos outside the album too').uncheck());
  });

  it('"Why?" says why a photo is in the album', async () => {
    await page.getByRole('listbox').getByRole('option').first().click();
    await page.keyboard.press('w');
    const why = page.getByRole('dialog', { name: /^Why:/ });
    await expect.poll(() => why.textContent(), { timeout: 10_000 }).toMatch(/You accepted this photo into the album/);
    await settleImages(page);
    await screenshotLightAndDark(page, 'album-why');
    await page.keyboard.press('Escape');
    await expect.poll(() => why.count()).toBe(0);
    await page.getByRole('listbox').getByRole('option').nth(3).click();
    await page.keyboard.press('w');
    await expect.poll(() => why.textContent(), { timeout: 10_000 }).toMatch(/Suggested: the album learned from your choices/);
    await page.keyboard.press('Escape');
  });

  it('an album another client creates appears without a reload; sort into albums shows them side by side', async () => {
    const created: unknown = await (await callApi(host, 'createAlbum', [{ name: 'Circles', include: ['a circle'] }])).json();
    expect(created).toMatchObject({ ok: true });
    const albums = page.getByRole('navigation', { name: 'Albums' });
    await expect.poll(() => albums.getByRole('button', { name: /^Circles/ }).count(), { timeout: 10_000 }).toBe(1);

    const sorted = page.waitForResponse((r) => r.url().endsWith('/api/categorize'));
    await albums.getByRole('button', { name: 'Sort into albums' }).click();
    await sorted;
    const columns = page.getByRole('region', { name: /: \d+ photos$/ });
    await expect.poll(() => columns.count()).toBe(4);
    const labels = await columns.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(labels.map((l) => l.split(':')[0])).toEqual(['Circles', 'Flowers', 'Red things', 'Unsorted']);
    const total = labels.reduce((n, l) => n + Number(l.match(/(\d+) photos$/)?.[1] ?? 0), 0);
    expect(total).toBe(scenes.length);
    await settleImages(page);
    await screenshotLightAndDark(page, 'album-sort');
    expect(browser.problems).toEqual([]);
  });
});
