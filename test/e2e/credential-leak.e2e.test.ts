/**
 * Issue 8 defect 1 in a real Chromium: after using `recollect serve`, a page on another local port
 * that loads an image from (and redirects to) a third 127.0.0.1 server must not hand that server
 * the host's access token. Before the fix the host set it as a cookie, and cookies are shared by
 * every port of 127.0.0.1, so `recollect-token-PORT=<token>` arrived there.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, type LaunchedBrowser } from '../helpers/browser.js';
import { probeCredentialLeak } from '../helpers/credential-leak.js';
import { closeBrowserSession, openBrowserSession } from './browser-session.js';
import type { ServeProcess } from './serve-process.js';

const skip = browserSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('browser host credential isolation', () => {
  let tmp = '';
  let host: ServeProcess;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-leak-'));
    ({ host, browser } = await openBrowserSession(path.join(tmp, 'library.db')));
  }, 120_000);

  afterAll(() => closeBrowserSession({ host, browser }, tmp, { checkExitCode: false }));

  it('sends no credential to another 127.0.0.1 server that a foreign local page loads from', async () => {
    const result = await probeCredentialLeak({ hostUrl: host.url, secrets: [host.token], context: browser.context });
    console.log(`e2e: credential probe: ${result.detail}`);
    expect(result.requestsSeen).toBeGreaterThanOrEqual(2);
    expect(result.leaked, result.detail).toBe(false);
  }, 60_000);

  it('still lets the page that opened the printed address use the API (it is not locked out)', async () => {
    const page = await browser.context.newPage();
    const status = page.waitForResponse((r) => r.url().endsWith('/api/getStatus'));
    await page.goto(host.url);
    expect((await status).status()).toBe(200);
    // The credential is not left in the address bar (history, screenshots, shoulder surfing).
    expect(page.url()).not.toContain(host.token);
    await page.close();
  }, 60_000);
});
