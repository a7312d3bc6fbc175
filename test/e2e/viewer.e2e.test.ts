/**
 * The photo viewer in real Chromium through the browser host (issue 13, defects 1 and 2): every
 * photo is drawn whole inside the viewer's frame (portrait and landscape, JPEG and a phone HEIC, at
 * 1280x800 and 1920x1080), and the keyboard never dies: arrows stop at the ends and keep working,
 * Home/End jump, Tab stays in the dialog. Writes viewer screenshots at both sizes.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotLightAndDark, settleImages, type LaunchedBrowser } from '../helpers/browser.js';
import { CORPUS_DIR } from '../helpers/test-model.js';
import { addFolderThroughUi, browserAndModelSkipReason, closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = await browserAndModelSkipReason();
if (skip) console.warn(skip);
const PHONE_HEIC = path.join(CORPUS_DIR, 'exif-samples/heic/IMG_5195.HEIC');
const haveHeic = await fs.access(PHONE_HEIC).then(() => true, () => false);

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

async function writePhoto(file: string, width: number, height: number, hue: number): Promise<void> {
  // A frame in another colour at the very edge: any crop of the picture is visible in a screenshot.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="hsl(${hue},70%,50%)"/>
    <rect x="20" y="20" width="${width - 40}" height="${height - 40}" fill="none" stroke="white" stroke-width="40"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="white"/></svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toFile(file);
}

interface Fit {
  stage: { left: number; top: number; right: number; bottom: number };
  drawn: { left: number; top: number; right: number; bottom: number };
}

/** Where the photo's pixels land on screen (object-fit applied) and the frame they must stay in. */
async function measureFit(page: Page): Promise<Fit> {
  return (await page.evaluate(`(() => {
    const img = document.querySelector('dialog[open] .stage img');
    const stage = img.parentElement.getBoundingClientRect();
    const box = img.getBoundingClientRect();
    const fit = getComputedStyle(img).objectFit;
    const scale = fit === 'contain' ? Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight) : 1;
    const w = fit === 'contain' ? img.naturalWidth * scale : box.width;
    const h = fit === 'contain' ? img.naturalHeight * scale : box.height;
    const left = box.left + (box.width - w) / 2, top = box.top + (box.height - h) / 2;
    return { stage: { left: stage.left, top: stage.top, right: stage.right, bottom: stage.bottom },
             drawn: { left, top, right: left + w, bottom: top + h } };
  })()`)) as Fit;
}

async function waitForViewerImage(page: Page): Promise<void> {
  const end = Date.now() + 10_000;
  const ready = `(() => { const i = document.querySelector('dialog[open] .stage img'); return !!i && i.complete && i.naturalWidth > 0; })()`;
  while (Date.now() < end && (await page.evaluate(ready)) !== true) await page.waitForTimeout(100);
  await settleImages(page);
}

/** Each test starts from the library grid, even when the one before failed with the viewer open. */
async function closeViewer(page: Page, viewer: Locator): Promise<void> {
  if (await viewer.isVisible()) await page.keyboard.press('Escape');
  await expect.poll(() => viewer.isVisible()).toBe(false);
}

const focusInDialog = (page: Page): Promise<unknown> => page.evaluate(`!!document.activeElement?.closest('dialog[open]')`);

describe.skipIf(skip !== null)('photo viewer: photos fit, the keyboard never dies', () => {
  let tmp = '';
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  let viewer: Locator;
  const names = ['portrait.jpg', 'landscape.jpg', 'square.jpg', 'tall.jpg', ...(haveHeic ? ['IMG_5195.HEIC'] : [])];
  const position = () => viewer.getByText(/^\d+ of \d+$/).textContent();

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-viewer-'));
    const pictures = path.join(tmp, 'Pictures');
    await fs.mkdir(pictures);
    await writePhoto(path.join(pictures, 'portrait.jpg'), 1200, 1800, 210);
    await writePhoto(path.join(pictures, 'landscape.jpg'), 1800, 1200, 20);
    await writePhoto(path.join(pictures, 'square.jpg'), 900, 900, 120);
    await writePhoto(path.join(pictures, 'tall.jpg'), 600, 2000, 280);
    if (haveHeic) await fs.copyFile(PHONE_HEIC, path.join(pictures, 'IMG_5195.HEIC'));
    ({ host, browser, page } = await openBrowserSession(path.join(tmp, 'app-data', 'library.db')));
    viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  }, 120_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp));

  it('indexes a folder of portrait, landscape and phone photos', async () => {
    await page.goto(host.url);
    await addFolderThroughUi(page, path.join(tmp, 'Pictures'), { photos: names.length });
  }, 90_000);

  for (const size of SIZES) {
    it(`draws every photo whole inside the frame at ${size.width}x${size.height}`, async () => {
      await closeViewer(page, viewer);
      await page.setViewportSize(size);
      for (const name of names) {
        await page.getByRole('list', { name: 'Photos' }).getByRole('button', { name, exact: true }).click();
        await expect.poll(() => viewer.getByRole('heading').first().textContent()).toBe(name);
        await waitForViewerImage(page);
        const { stage, drawn } = await measureFit(page);
        const tag = `${name} at ${size.width}x${size.height}: drawn ${Math.round(drawn.right - drawn.left)}x${Math.round(drawn.bottom - drawn.top)} in a ${Math.round(stage.right - stage.left)}x${Math.round(stage.bottom - stage.top)} frame`;
        console.log(`e2e viewer: ${tag}`);
        expect(drawn.top, tag).toBeGreaterThanOrEqual(stage.top - 1);
        expect(drawn.bottom, tag).toBeLessThanOrEqual(stage.bottom + 1);
        expect(drawn.left, tag).toBeGreaterThanOrEqual(stage.left - 1);
        expect(drawn.right, tag).toBeLessThanOrEqual(stage.right + 1);
        expect(drawn.bottom, tag).toBeLessThanOrEqual(size.height);
        // Contain, not shrunk: the photo touches the frame on its long side.
        const filled = Math.max((drawn.right - drawn.left) / (stage.right - stage.left), (drawn.bottom - drawn.top) / (stage.bottom - stage.top));
        expect(filled, tag).toBeGreaterThan(0.97);
        if (name === 'portrait.jpg' || name === 'landscape.jpg' || name === 'IMG_5195.HEIC') {
          await screenshotLightAndDark(page, `viewer-${name.replace(/\..*$/, '').toLowerCase()}-${size.width}x${size.height}`);
        }
        await page.keyboard.press('Escape');
        await expect.poll(() => viewer.isVisible()).toBe(false);
      }
    }, 120_000);
  }

  it('keeps the arrows working after the last photo was reached with the Next button', async () => {
    await closeViewer(page, viewer);
    await page.setViewportSize(SIZES[0]);
    await page.getByRole('list', { name: 'Photos' }).getByRole('button').first().click();
    await expect.poll(position).toBe(`1 of ${names.length}`);
    const next = viewer.getByRole('button', { name: 'Next photo' });
    await next.focus();
    for (let i = 0; i < names.length + 1; i++) await page.keyboard.press('Enter');
    await expect.poll(position).toBe(`${names.length} of ${names.length}`);
    expect(await focusInDialog(page)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(position).toBe(`${names.length} of ${names.length}`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(position).toBe(`${names.length - 1} of ${names.length}`);
  }, 60_000);

  it('does the same at the first photo with the Previous button', async () => {
    const previous = viewer.getByRole('button', { name: 'Previous photo' });
    await previous.focus();
    for (let i = 0; i < names.length + 1; i++) await page.keyboard.press('Enter');
    await expect.poll(position).toBe(`1 of ${names.length}`);
    expect(await focusInDialog(page)).toBe(true);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(position).toBe(`1 of ${names.length}`);
    await page.keyboard.press('ArrowRight');
    await expect.poll(position).toBe(`2 of ${names.length}`);
  }, 60_000);

  it('jumps to the last and the first photo with End and Home', async () => {
    await page.keyboard.press('End');
    await expect.poll(position).toBe(`${names.length} of ${names.length}`);
    await page.keyboard.press('Home');
    await expect.poll(position).toBe(`1 of ${names.length}`);
  }, 30_000);

  it('keeps Tab and Shift+Tab inside the dialog', async () => {
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInDialog(page), `after ${i + 1} Tab presses`).toBe(true);
    }
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInDialog(page), `after ${i + 1} Shift+Tab presses`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
  }, 30_000);

  it('logged no page errors or Content-Security-Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
