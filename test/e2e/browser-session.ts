/**
 * One browser e2e session: the real browser host (`recollect serve`, serve-process.ts) over a
 * library file and a fresh Chromium (helpers/browser.ts) with its page, opened in a beforeAll and
 * closed in the afterAll; and the first step of most of these tests, adding a folder through the UI.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { browserSkipReason, launchBrowser, type LaunchedBrowser, type LaunchOptions } from '../helpers/browser.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';
import { startServe, type ServeProcess } from './serve-process.js';

export interface BrowserSession {
  host: ServeProcess;
  browser: LaunchedBrowser;
  /** The browser's first page (browser.page). */
  page: Page;
}

export interface BrowserSessionOptions {
  /** The host's `--model`; null: none, as a new user starts or the library's own choice. Default: the fixture model. */
  model?: string | null;
  /** Extra environment of the host process (HOME, HF_ENDPOINT, LD_LIBRARY_PATH...). */
  env?: NodeJS.ProcessEnv;
  browser?: LaunchOptions;
}

/** Why a browser test on the fixture model cannot run here, or null when it can. */
export async function browserAndModelSkipReason(): Promise<string | null> {
  return (
    browserSkipReason() ??
    (await fs.access(path.join(FIXTURE_MODEL_DIR, 'onnx/vision_model.onnx')).then(
      () => null,
      () => 'e2e skipped: models/fixtures/shapes-clip is missing',
    ))
  );
}

/** Starts the host over `libraryFile`, then the browser; a browser that fails to start stops the host. */
export async function openBrowserSession(libraryFile: string, options: BrowserSessionOptions = {}): Promise<BrowserSession> {
  const host = await startServe(libraryFile, options.model === undefined ? FIXTURE_MODEL_DIR : options.model, 60_000, options.env);
  try {
    const browser = await launchBrowser(options.browser);
    return { host, browser, page: browser.page };
  } catch (err) {
    await host.stop();
    throw err;
  }
}

/**
 * Closes the browser, stops the host and checks that it exited 0 (its stderr as the message),
 * then removes `tmp`. Either part is undefined when the beforeAll failed before it started.
 */
export async function closeBrowserSession(session: Partial<Pick<BrowserSession, 'host' | 'browser'>>, tmp: string, { checkExitCode = true } = {}): Promise<void> {
  try {
    await session.browser?.close();
    const code = await session.host?.stop();
    if (checkExitCode) expect(code, session.host?.stderr()).toBe(0);
  } finally {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  }
}

export interface AddFolderWait {
  /** Wait until the Indexing panel says "Library up to date". */
  untilIndexed?: boolean;
  /** Wait until indexed, then until the grid shows this many photos. */
  photos?: number;
}

/** Types `folder` into "Photo folder" and clicks "Add folder" (first-run page or sidebar), then waits as asked. */
export async function addFolderThroughUi(page: Page, folder: string, wait: AddFolderWait = {}): Promise<void> {
  await page.getByLabel('Photo folder').fill(folder);
  await page.getByRole('button', { name: 'Add folder' }).click();
  if (!wait.untilIndexed && wait.photos === undefined) return;
  const panel = page.getByRole('region', { name: 'Indexing' });
  await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Library up to date');
  if (wait.photos === undefined) return;
  await expect.poll(() => page.getByRole('list', { name: 'Photos' }).getByRole('button').count(), { timeout: 20_000 }).toBe(wait.photos);
}
