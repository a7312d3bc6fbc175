/**
 * The viewer's zoom, full screen, place and the theme choice in real Chromium through the browser
 * host, on a 2x screen (deviceScaleFactor 2), issue 13 "what users expect": the wheel zooms around
 * the pointer, 1:1 draws one image pixel per device pixel from the full-resolution rendition, a
 * drag pans, the next photo opens fitted; F / the button toggles full screen and Esc leaves it
 * before it closes the viewer; a photo with GPS shows its place in words, on a map and as an
 * OpenStreetMap link, one without shows none; the theme choice changes the page's colours at once
 * and survives a reload. Writes the place panel screenshots.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotLightAndDark, settleImages, type LaunchedBrowser } from '../helpers/browser.js';
import { addFolderThroughUi, browserAndModelSkipReason, closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = await browserAndModelSkipReason();
if (skip) console.warn(skip);

const WIDE = { width: 2400, height: 1600 };

/** Coloured blocks with a white grid: every part of the photo looks different, so a crop shows. */
async function writeBlocks(file: string, width: number, height: number, gps?: { lat: string; lon: string }): Promise<void> {
  const cells: string[] = [];
  for (let y = 0; y < height; y += 200) {
    for (let x = 0; x < width; x += 200) cells.push(`<rect x="${x}" y="${y}" width="196" height="196" fill="hsl(${(x / 7 + y / 3) % 360},65%,50%)"/>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${cells.join('')}</svg>`;
  let image = sharp(Buffer.from(svg)).jpeg({ quality: 90 });
  // EXIF GPS as degrees/minutes/seconds rationals, as cameras write it (IFD3 is the GPS IFD).
  if (gps) image = image.withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: gps.lat, GPSLongitudeRef: 'E', GPSLongitude: gps.lon } });
  await image.toFile(file);
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where the photo's pixels are drawn (object-fit applied) and what the <img> holds. */
async function drawn(page: Page): Promise<Box & { naturalWidth: number; dpr: number; src: string }> {
  return (await page.evaluate(`(() => {
    const img = document.querySelector('dialog[open] .stage img');
    const box = img.getBoundingClientRect();
    const contain = getComputedStyle(img).objectFit === 'contain';
    const scale = contain ? Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight) : 1;
    const width = contain ? img.naturalWidth * scale : box.width;
    const height = contain ? img.naturalHeight * scale : box.height;
    return { left: box.left + (box.width - width) / 2, top: box.top + (box.height - height) / 2, width, height,
             naturalWidth: img.naturalWidth, dpr: devicePixelRatio, src: img.currentSrc };
  })()`)) as Box & { naturalWidth: number; dpr: number; src: string };
}

async function waitForViewerImage(page: Page): Promise<void> {
  const end = Date.now() + 10_000;
  const ready = `(() => { const i = document.querySelector('dialog[open] .stage img'); return !!i && i.complete && i.naturalWidth > 0; })()`;
  while (Date.now() < end && (await page.evaluate(ready)) !== true) await page.waitForTimeout(100);
  await settleImages(page);
}

/** The viewer's picture is what is full screen (its stage, inside the dialog). */
const fullscreenIsViewer = (page: Page): Promise<unknown> => page.evaluate(`document.fullscreenElement?.closest('dialog')?.getAttribute('aria-label') ?? null`);
const background = (page: Page): Promise<unknown> => page.evaluate(`getComputedStyle(document.documentElement).backgroundColor`);

describe.skipIf(skip !== null)('photo viewer: zoom, full screen, place; theme choice', () => {
  let tmp = '';
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  let viewer: Locator;
  const grid = () => page.getByRole('list', { name: 'Photos' });
  const scaleLabel = () => viewer.getByRole('toolbar', { name: 'Zoom' }).locator('.scale').textContent();

  async function open(name: string): Promise<void> {
    if (await viewer.isVisible()) await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
    await grid().getByRole('button', { name, exact: true }).click();
    await expect.poll(() => viewer.getByRole('heading').first().textContent()).toBe(name);
    await waitForViewerImage(page);
  }

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-viewer-zoom-'));
    const pictures = path.join(tmp, 'Pictures');
    await fs.mkdir(pictures);
    await writeBlocks(path.join(pictures, 'a-wide.jpg'), WIDE.width, WIDE.height);
    // The Eiffel Tower: 48° 51' 30.24" N, 2° 17' 40.2" E.
    await writeBlocks(path.join(pictures, 'b-paris.jpg'), 1600, 1200, { lat: '48/1 51/1 3024/100', lon: '2/1 17/1 4020/100' });
    await writeBlocks(path.join(pictures, 'c-nowhere.jpg'), 1200, 1600);
    ({ host, browser, page } = await openBrowserSession(path.join(tmp, 'app-data', 'library.db'), { browser: { deviceScaleFactor: 2 } }));
    viewer = page.getByRole('dialog', { name: 'Photo viewer' });
  }, 120_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp));

  it('indexes the photos', async () => {
    await page.goto(host.url);
    await addFolderThroughUi(page, path.join(tmp, 'Pictures'), { photos: 3 });
  }, 90_000);

  it('zooms in around the pointer with the wheel, and back out to fit', async () => {
    await open('a-wide.jpg');
    const fit = await drawn(page);
    expect(await scaleLabel()).toBe('Fit');
    // A point 30% across and 60% down the photo stays under the pointer.
    const pointer = { x: fit.left + fit.width * 0.3, y: fit.top + fit.height * 0.6 };
    await page.mouse.move(pointer.x, pointer.y);
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => (await drawn(page)).width).toBeGreaterThan(fit.width * 1.2);
    const zoomed = await drawn(page);
    expect((pointer.x - zoomed.left) / zoomed.width).toBeCloseTo(0.3, 2);
    expect((pointer.y - zoomed.top) / zoomed.height).toBeCloseTo(0.6, 2);
    expect(await scaleLabel()).toMatch(/^\d+%$/);
    await page.mouse.wheel(0, 3000);
    await expect.poll(scaleLabel).toBe('Fit');
    const back = await drawn(page);
    expect(back.width).toBeCloseTo(fit.width, 0);
    expect(back.left).toBeCloseTo(fit.left, 0);
  }, 30_000);

  it('shows actual pixels at 1:1: one image pixel per device pixel, from the full-resolution photo', async () => {
    await viewer.getByRole('button', { name: 'Actual pixels (1:1)' }).click();
    await expect.poll(scaleLabel).toBe('100%');
    // The 1600 px preview is swapped for the 2400 px rendition once it has loaded.
    await expect.poll(async () => (await drawn(page)).naturalWidth, { timeout: 15_000 }).toBe(WIDE.width);
    const actual = await drawn(page);
    expect(actual.src).toContain('/photo/full/');
    expect(actual.dpr).toBe(2);
    expect(actual.width * actual.dpr).toBeCloseTo(WIDE.width, 3);
    expect(actual.height * actual.dpr).toBeCloseTo(WIDE.height, 3);
  }, 30_000);

  it('pans the zoomed photo with a drag', async () => {
    // Twice as large as 1:1 (two steps of 1.5x), so there is room to move both ways.
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect.poll(scaleLabel).toBe('225%');
    const before = await drawn(page);
    const stage = await viewer.locator('.stage').boundingBox();
    const start = { x: (stage?.x ?? 0) + 300, y: (stage?.y ?? 0) + 300 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x - 120, start.y - 80, { steps: 4 });
    await page.mouse.up();
    const after = await drawn(page);
    expect(after.left).toBeCloseTo(before.left - 120, 0);
    expect(after.top).toBeCloseTo(before.top - 80, 0);
    expect(after.width).toBeCloseTo(before.width, 3);
  }, 30_000);

  it('toggles fit and 1:1 with a double-click and zooms with + and 0', async () => {
    const stage = await viewer.locator('.stage').boundingBox();
    await page.mouse.dblclick((stage?.x ?? 0) + 400, (stage?.y ?? 0) + 300);
    await expect.poll(scaleLabel).toBe('Fit');
    await page.mouse.dblclick((stage?.x ?? 0) + 400, (stage?.y ?? 0) + 300);
    await expect.poll(scaleLabel).toBe('100%');
    await page.keyboard.press('0');
    await expect.poll(scaleLabel).toBe('Fit');
    await page.keyboard.press('+');
    await expect.poll(scaleLabel).not.toBe('Fit');
  }, 30_000);

  it('opens the next photo fitted whole, whatever the zoom was', async () => {
    expect(await scaleLabel()).not.toBe('Fit');
    const atFirst = (await viewer.getByText(/^\d+ of \d+$/).textContent())?.startsWith('1 ') ?? false;
    await page.keyboard.press(atFirst ? 'ArrowRight' : 'ArrowLeft');
    await expect.poll(() => viewer.getByRole('heading').first().textContent()).not.toBe('a-wide.jpg');
    await waitForViewerImage(page);
    expect(await scaleLabel()).toBe('Fit');
    const stage = await viewer.locator('.stage').boundingBox();
    const fit = await drawn(page);
    expect(Math.max(fit.width / (stage?.width ?? 1), fit.height / (stage?.height ?? 1))).toBeGreaterThan(0.97);
  }, 30_000);

  it('goes full screen with F and the button; Esc leaves full screen before it closes the viewer', async () => {
    await page.keyboard.press('f');
    await expect.poll(() => fullscreenIsViewer(page)).toBe('Photo viewer');
    await expect.poll(() => viewer.getByRole('button', { name: 'Exit full screen' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => fullscreenIsViewer(page)).toBe(null);
    expect(await viewer.isVisible()).toBe(true);
    await viewer.getByRole('button', { name: 'Full screen' }).click();
    await expect.poll(() => fullscreenIsViewer(page)).toBe('Photo viewer');
    await viewer.getByRole('button', { name: 'Exit full screen' }).click();
    await expect.poll(() => fullscreenIsViewer(page)).toBe(null);
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
  }, 30_000);

  it('shows where a GPS photo was taken, with a link to OpenStreetMap and a dot on the map', async () => {
    await open('b-paris.jpg');
    const place = viewer.getByRole('region', { name: 'Place' });
    expect(await place.getByText('48.8584° N, 2.2945° E').isVisible()).toBe(true);
    const link = place.getByRole('link', { name: 'Open in OpenStreetMap' });
    expect(await link.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=48.85840&mlon=2.29450#map=15/48.85840/2.29450');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await place.getByRole('img', { name: /world map/i }).isVisible()).toBe(true);
    await screenshotLightAndDark(page, 'viewer-place');
  }, 30_000);

  it('shows no place for a photo without GPS', async () => {
    await open('c-nowhere.jpg');
    expect(await viewer.getByRole('region', { name: 'Place' }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'Open in OpenStreetMap' }).count()).toBe(0);
  }, 30_000);

  it('explains that Show in folder needs the desktop app (a browser page cannot open a file manager)', async () => {
    expect(await viewer.getByRole('button', { name: 'Show in folder' }).count()).toBe(0);
    expect(await viewer.getByText(/Show in folder and Open work in the desktop app/).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.isVisible()).toBe(false);
  }, 30_000);

  it('switches the theme at once, remembers it across a reload, and follows the system again', async () => {
    const LIGHT = 'rgb(246, 246, 244)';
    const DARK = 'rgb(22, 22, 21)';
    const theme = page.getByLabel('Theme');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background(page)).toBe(LIGHT);
    await theme.selectOption('dark');
    await expect.poll(() => background(page)).toBe(DARK);
    await page.reload();
    await expect.poll(() => page.getByLabel('Theme').inputValue()).toBe('dark');
    expect(await background(page)).toBe(DARK);
    // A chosen light theme wins over a dark system; "System" follows it again.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByLabel('Theme').selectOption('light');
    await expect.poll(() => background(page)).toBe(LIGHT);
    await page.getByLabel('Theme').selectOption('system');
    await expect.poll(() => background(page)).toBe(DARK);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => background(page)).toBe(LIGHT);
  }, 30_000);

  it('logged no page errors or Content-Security-Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
