/**
 * Export an album to a folder from the UI, through the real browser host: the dry run writes
 * nothing, Export copies every member (byte for byte) with XMP keywords, Undo removes what the
 * run made and leaves the originals alone, and the history lists the run. No page errors.
 * Screenshots: docs/screenshots with RECOLLECT_UPDATE_SCREENSHOTS=1, else .cache/screenshots.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotLightAndDark, type LaunchedBrowser } from '../helpers/browser.js';
import { jsonOf, runCli } from '../helpers/cli-process.js';
import { chooseScenes, writeScenes, type WrittenScene } from '../helpers/render-scenes.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { browserAndModelSkipReason, closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = await browserAndModelSkipReason();
if (skip) console.warn(skip);

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}

/** Relative path -> sha256 of every file under `root` (empty when it does not exist). */
async function tree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.set(path.relative(root, full), await sha256(full));
  }
  return out;
}

describe.skipIf(skip !== null)('export an album to a folder from the UI', () => {
  let tmp = '';
  let photosDir = '';
  let target = '';
  let scenes: WrittenScene[] = [];
  let host: ServeProcess;
  let browser: LaunchedBrowser;
  let page: Page;
  let originals = new Map<string, string>();

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-sort-e2e-'));
    photosDir = path.join(tmp, 'Pictures');
    target = path.join(tmp, 'Sorted');
    const [red, other] = chooseScenes(
      [
        { count: 8, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === 'red' },
        { count: 24, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour !== 'red' },
      ],
      8_300_000,
    );
    scenes = await writeScenes(photosDir, [...(red ?? []), ...(other ?? [])]);
    const library = path.join(tmp, 'app-data', 'library.db');
    const indexed = jsonOf<{ indexed: number }>(await runCli(['index', photosDir, '--model', FIXTURE_MODEL_DIR, '--device', 'cpu', '--library', library, '--json']));
    expect(indexed.indexed).toBe(scenes.length);
    expect((await runCli(['album', 'create', 'Red things', '--prompt', 'red things', '--library', library])).code).toBe(0);
    originals = await tree(photosDir);
    ({ host, browser, page } = await openBrowserSession(library));
  }, 180_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp));

  it('a dry run shows the plan and writes nothing', async () => {
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Albums' }).getByRole('button', { name: /^Red things/ }).click();
    await page.getByRole('button', { name: 'Export to folder…' }).click();
    const dialog = page.getByRole('dialog', { name: /Export “Red things” to a folder/ });
    await dialog.getByLabel('Export into').fill(target);
    const planned = page.waitForResponse((r) => r.url().endsWith('/api/planSort'));
    await dialog.getByRole('button', { name: 'Dry run' }).click();
    expect((await planned).status()).toBe(200);
    const plan = dialog.getByRole('region', { name: 'Dry run' });
    await expect.poll(() => plan.textContent()).toMatch(/nothing has been written/);
    const row = plan.getByRole('row', { name: /Red things/ });
    const photos = Number((await row.getByRole('cell').nth(2).textContent()) ?? 0);
    expect(photos).toBeGreaterThanOrEqual(6);
    expect(await fs.readdir(target).catch(() => 'absent')).toBe('absent');
    await screenshotLightAndDark(page, 'export-dry-run');
  });

  it('Export copies the members byte for byte; Undo removes exactly what it made; the history lists it', async () => {
    const dialog = page.getByRole('dialog', { name: /Export “Red things” to a folder/ });
    await dialog.getByRole('button', { name: /^Export \d+ files$/ }).click();
    const result = dialog.getByRole('region', { name: 'Export result' });
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/Done: \d+ files copied .* XMP sidecars written/);
    const exported = await tree(path.join(target, 'Red things'));
    const photoFiles = [...exported.keys()].filter((f) => f.endsWith('.png'));
    expect(photoFiles.length).toBeGreaterThanOrEqual(6);
    for (const f of photoFiles) expect(exported.get(f)).toBe(originals.get(f));
    // Keywords went into sidecars next to the copies, never into the originals.
    expect([...exported.keys()].filter((f) => f.endsWith('.xmp')).length).toBe(photoFiles.length);
    expect(await tree(photosDir)).toEqual(originals);
    await screenshotLightAndDark(page, 'export-done');

    await dialog.getByRole('button', { name: 'Undo this export' }).click();
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/Undone:/);
    expect((await tree(target)).size).toBe(0);
    expect(await tree(photosDir)).toEqual(originals);

    await dialog.getByRole('button', { name: 'Export history' }).click();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    const history = page.getByRole('region', { name: 'Export history' });
    await expect.poll(() => history.getByRole('row').count()).toBe(2);
    expect(await history.getByRole('row').nth(1).textContent()).toMatch(/Copied Red things.*undone/);
    await screenshotLightAndDark(page, 'export-history');
    expect(browser.problems).toEqual([]);
  });
});
