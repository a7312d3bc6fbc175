/**
 * Check 7: the browser host's credential never reaches another local server (issue 8, defect 1).
 * A real Chromium uses the app, then visits a page on another 127.0.0.1 port that loads an image
 * from a recording server and is redirected to it; nothing the recorder sees may carry the token.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCredentialLeak } from '../helpers/credential-leak.js';
import { browserSkipReason } from '../helpers/browser.js';
import { startServe, type ServeProcess } from '../e2e/serve-process.js';
import { MODEL_DIR, recordResult } from './reliability-helpers.js';

const ID = '7-credential-leak';
const CHECK = 'Credential leak to another local origin';
const skipReason = browserSkipReason();
const browser = skipReason === null;

describe('credential leak to another local origin', () => {
  let tmp = '';
  let host: ServeProcess | null = null;

  beforeAll(async () => {
    if (!browser) return;
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'recollect-rel-leak-'));
    host = await startServe(path.join(tmp, 'library.db'), MODEL_DIR);
  }, 120_000);
  afterAll(async () => {
    await host?.stop();
    if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
  });

  it('no request to another local server carries the token', async () => {
    if (!browser || !host) {
      recordResult({ id: ID, check: CHECK, runs: 0, passed: 0, figures: '', skipped: skipReason ?? 'no browser host' });
      return;
    }
    const result = await probeCredentialLeak({ hostUrl: host.url, secrets: [host.token] });
    recordResult({
      id: ID,
      check: CHECK,
      runs: 1,
      passed: result.leaked || result.requestsSeen < 2 ? 0 : 1,
      figures: `${result.requestsSeen} requests reached the other server; credential in any of them: ${result.leaked ? 'YES' : 'no'}`,
      facts: { requestsSeen: result.requestsSeen, leaked: result.leaked ? 1 : 0 },
    });
    expect(result.requestsSeen).toBeGreaterThanOrEqual(2);
    expect(result.leaked, result.detail).toBe(false);
  }, 120_000);
});
