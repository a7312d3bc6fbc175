/**
 * "Why not GPU?" in the sidebar when the GPU provider cannot start (issue 13, defect 5): the
 * reason in words, ONNX Runtime's own text only behind "details", and no sideways scrolling in
 * the narrow sidebar at any window width, also for the error of choosing the GPU device.
 * The provider is made to fail as on a machine without a GPU: an empty libvulkan.so.1 on
 * LD_LIBRARY_PATH (see test/integration/cli-provider-noise.test.ts).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, screenshotLightAndDark, type LaunchedBrowser } from '../helpers/browser.js';
import { writeColourPhotos } from '../helpers/simple-photos.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { addFolderThroughUi, closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = process.platform !== 'linux' ? 'e2e skipped: the broken-Vulkan setup is Linux only' : browserSkipReason();
if (skip) console.warn(skip);

const WIDTHS = [1920, 1280, 1000, 820] as const;

/** Elements of the sidebar that scroll sideways (scrollWidth beyond clientWidth). */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const side = document.querySelector('aside');
    if (!side) return ['no sidebar'];
    const out = [];
    for (const el of [side, ...side.querySelectorAll('*')]) {
      const style = getComputedStyle(el);
      // Text fields scroll their own text by design; that is not the page scrolling sideways.
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) continue;
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible' && el.clientWidth > 2) out.push(el.tagName + '.' + el.className + ' ' + el.scrollWidth + '>' + el.clientWidth);
    }
    const r = side.getBoundingClientRect();
    for (const el of side.querySelectorAll('*')) {
      const b = el.getBoundingClientRect();
      if (b.width > 2 && b.right > r.right + 1) out.push('sticks out: ' + el.tagName + '.' + el.className + ' ' + Math.round(b.right) + '>' + Math.round(r.right));
    }
    return out;
  })()`)) as string[];
}

describe.skipIf(skip !== null)('model status when the GPU cannot start', () => {
  let tmp = '';
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-gpu-words-'));
    const brokenVulkan = path.join(tmp, 'broken-vulkan');
    await fs.mkdir(brokenVulkan);
    await fs.writeFile(path.join(brokenVulkan, 'libvulkan.so.1'), '');
    await writeColourPhotos(path.join(tmp, 'Pictures'), { red: 2, green: 2 });
    ({ host, browser, page } = await openBrowserSession(path.join(tmp, 'library.db'), { env: { LD_LIBRARY_PATH: brokenVulkan } }));
  }, 120_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp));

  it('says why the GPU was not used in words, with the raw text behind "details"', async () => {
    await page.goto(host.url);
    await addFolderThroughUi(page, path.join(tmp, 'Pictures'));
    const model = page.getByRole('region', { name: 'Model' });
    await expect.poll(() => model.getByText(/^Why not/).isVisible(), { timeout: 60_000 }).toBe(true);
    await model.getByText(/^Why not/).click();
    const reasons = model.getByRole('list', { name: 'Devices not used' });
    await expect.poll(() => reasons.innerText()).toContain('no GPU adapter was found (WebGPU over Vulkan)');
    expect(await reasons.innerText()).not.toMatch(/onnxruntime_src|\.cc:\d+/);
    await reasons.getByText('details', { exact: true }).click();
    await expect.poll(() => reasons.innerText()).toContain('webgpu_context.cc');
    await screenshotLightAndDark(page, 'model-why-not-gpu');
  }, 90_000);

  for (const width of WIDTHS) {
    it(`the sidebar never scrolls sideways at ${width} px, even with the raw detail open`, async () => {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(100);
      expect(await sidewaysOverflow(page)).toEqual([]);
    });
  }

  it('choosing the GPU device explains the failure in words, without overflow', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const model = page.getByRole('region', { name: 'Model' });
    await model.getByText('Change model').click();
    await model.getByLabel('Model folder').fill(FIXTURE_MODEL_DIR);
    await model.getByLabel('Device', { exact: true }).selectOption('gpu');
    await model.getByRole('button', { name: 'Use this model' }).click();
    const alert = model.getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 60_000 }).toContain('No GPU works here: no GPU adapter was found (WebGPU over Vulkan)');
    expect(await alert.innerText()).not.toMatch(/onnxruntime_src|\.cc:\d+|--device/);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(100);
      expect(await sidewaysOverflow(page), `at ${width} px`).toEqual([]);
    }
  }, 90_000);

  it('logged no page errors or Content-Security-Policy violations', () => {
    // The refused GPU choice answers 422 on purpose (the error above); anything else is a problem.
    expect(browser.problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
  });
});
