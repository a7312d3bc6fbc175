/**
 * Switching models in the app (issue 12, item 4), in real Chromium through the browser host: a
 * library indexed with the fixture model, then "Change model" to a second real model
 * (test/helpers/second-model.ts). The model area says which model searches and how far the
 * re-embed has got, with pause / resume; a search meanwhile says it was answered by the old model;
 * at the end the new model is the one shown and answering. Screenshots: model-switch-*.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, screenshotLightAndDark, type LaunchedBrowser } from '../helpers/browser.js';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { chooseScenes, writeScenes } from '../helpers/render-scenes.js';
import { writeSecondModel } from '../helpers/second-model.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = browserSkipReason();
if (skip) console.warn(skip);

/** Enough photos that the re-embed lasts a few seconds here, so it can be watched and paused. */
const PHOTOS = 240;

describe.skipIf(skip !== null)('switching models in the app', () => {
  let tmp = '';
  let modelB = '';
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  /** The results on screen (names and scores) while the old model answered. */
  let oldAnswer = '';
  const resultsText = (): Promise<string> => page.getByRole('list', { name: 'Search results' }).innerText();

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-switch-e2e-'));
    const photos = path.join(tmp, 'Pictures');
    const [scenes] = chooseScenes([{ count: PHOTOS, accept: (s) => s.objects.length === 1 }], 5_300_000);
    await writeScenes(photos, scenes ?? [], 3, 160);
    modelB = await writeSecondModel(path.join(tmp, 'models', 'shapes-b'));
    const library = path.join(tmp, 'library.db');
    const indexed = jsonOf<{ indexed: number }>(await runCli(['index', photos, '--json', '--library', library, '--model', FIXTURE_MODEL_DIR, '--device', 'cpu']));
    expect(indexed.indexed).toBe(PHOTOS);
    // No --model: the app uses the library's own choice, as a user's app does.
    ({ host, browser, page } = await openBrowserSession(library, { model: null }));
  }, 180_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp));

  it('shows the re-embed progress with pause / resume while the old model keeps answering searches', async () => {
    await page.goto(host.url);
    const model = page.getByRole('region', { name: 'Model' });
    await expect.poll(() => model.innerText(), { timeout: 30_000 }).toContain('shapes-clip');
    await model.getByText('Change model').click();
    await model.getByLabel('Model folder').fill(modelB);
    await model.getByLabel('Device', { exact: true }).selectOption('cpu');
    await model.getByRole('button', { name: 'Use this model' }).click();

    const switching = model.getByRole('group', { name: 'Model switch' });
    await expect.poll(() => switching.isVisible(), { timeout: 30_000 }).toBe(true);
    // Counting up while it runs, then paused part-way.
    await expect.poll(() => switching.innerText(), { timeout: 30_000 }).toMatch(/: [1-9][\d,]* of 240/);
    await model.getByRole('button', { name: 'Pause re-embedding' }).click();
    await expect.poll(() => model.getByRole('button', { name: 'Resume re-embedding' }).isVisible(), { timeout: 30_000 }).toBe(true);
    const text = await switching.innerText();
    expect(text).toMatch(/Searching with shapes-clip; re-embedding with shapes-b: \d+ of 240/);
    const done = Number(/(\d+) of 240/.exec(text)?.[1]);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(PHOTOS);

    await page.getByLabel('Search photos').fill('a red circle');
    const note = page.getByRole('note').filter({ hasText: 'Answered by' });
    await expect.poll(() => note.innerText(), { timeout: 30_000 }).toContain('Answered by shapes-clip; shapes-b is still re-embedding');
    oldAnswer = await resultsText();
    expect(oldAnswer).not.toBe('');
    await screenshotLightAndDark(page, 'model-switch-reembedding');
  }, 120_000);

  it('resume finishes the re-embed and the new model takes over, in the model area and in search', async () => {
    const model = page.getByRole('region', { name: 'Model' });
    await model.getByRole('button', { name: 'Resume re-embedding' }).click();
    await expect.poll(() => model.getByRole('group', { name: 'Model switch' }).count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => model.innerText()).toContain('shapes-b');
    // The search on screen no longer says it came from the old model.
    await expect.poll(() => page.getByRole('note').filter({ hasText: 'Answered by' }).count(), { timeout: 30_000 }).toBe(0);
    // Asked again, by the new model: other scores (the two models disagree by design).
    await expect.poll(resultsText, { timeout: 30_000 }).not.toBe(oldAnswer);
    await screenshotLightAndDark(page, 'model-switch-done');
  }, 120_000);

  it('logged no page errors or Content-Security-Policy violations', () => {
    expect(browser.problems).toEqual([]);
  });
});
