/**
 * The desktop app end to end, in real Electron (Playwright's _electron): launch, the first window
 * shows the library with the search box, a photo:// thumbnail of an indexed photo loads, and the
 * page has no Node, no ipcRenderer and cannot navigate away.
 *
 * Needs the Electron binary. This project installs electron with ELECTRON_SKIP_BINARY_DOWNLOAD=1,
 * so here the suite skips and says why; on a machine with the binary (and a display, or xvfb-run
 * on Linux) it runs as is: it builds the renderer and the Electron bundles first.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../../helpers/cli-process.js';
import { writeNoisePhotos } from '../../helpers/simple-photos.js';
import { FIXTURE_MODEL_DIR } from '../../helpers/test-model.js';

// The root tsconfig has no DOM lib; these are the few page-side shapes the test touches.
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
}
interface LoadingImage {
  onload: (() => void) | null;
  onerror: (() => void) | null;
  src: string;
}

/** The Electron executable, or why there is none. */
function electronBinary(): { path: string } | { skip: string } {
  try {
    const resolved: unknown = createRequire(import.meta.url)('electron');
    if (typeof resolved === 'string' && fs.existsSync(resolved)) return { path: resolved };
    return { skip: `Electron e2e skipped: no Electron binary at ${String(resolved)}` };
  } catch {
    return {
      skip: 'Electron e2e skipped: no Electron binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD; node_modules/electron/dist is absent) — run on a machine with it',
    };
  }
}

const binary = electronBinary();
const skip = 'skip' in binary ? binary.skip : fs.existsSync(path.join(FIXTURE_MODEL_DIR, 'onnx/vision_model.onnx')) ? null : 'Electron e2e skipped: models/fixtures/shapes-clip is missing';
if (skip) console.warn(skip);

describe.skipIf(skip !== null)('desktop app end to end (Electron)', () => {
  let tmp = '';
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: REPO_ROOT, stdio: 'inherit' });
    execFileSync('npm', ['run', '--silent', 'build:electron'], { cwd: REPO_ROOT, stdio: 'inherit' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-electron-e2e-'));
    const photos = path.join(tmp, 'Pictures');
    await writeNoisePhotos(photos, 6);
    const library = path.join(tmp, 'config', 'Recollect', 'library.db');
    const indexed = await runCli(['index', photos, '--library', library, '--model', FIXTURE_MODEL_DIR]);
    expect(indexed.code, indexed.stderr).toBe(0);
    const executablePath = 'path' in binary ? binary.path : '';
    app = await _electron.launch({
      executablePath,
      // Root in a container cannot use Chromium's setuid sandbox; the renderer sandbox flag stays on.
      args: [REPO_ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, RECOLLECT_LIBRARY: library, RECOLLECT_MODEL: '', XDG_CONFIG_HOME: path.join(tmp, 'config') },
      timeout: 60_000,
    });
    page = await app.firstWindow();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the first window on the app page with the search box', async () => {
    expect(page.url()).toBe('app://recollect/index.html');
    await expect.poll(() => page.getByRole('searchbox', { name: 'Search photos' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it('loads a photo:// thumbnail of an indexed photo in the grid', async () => {
    const thumbs = page.locator('img[src^="photo://thumb/"]');
    await expect.poll(() => thumbs.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => thumbs.first().evaluate((el) => (el as unknown as LoadedImage).complete && (el as unknown as LoadedImage).naturalWidth), { timeout: 30_000 })
      .toBeGreaterThan(0);
  });

  it('refuses photo:// URLs outside the library', async () => {
    const loads = await page.evaluate(async () => {
      const tryLoad = (src: string) =>
        new Promise<boolean>((resolve) => {
          const img = new (globalThis as unknown as { Image: new () => LoadingImage }).Image();
          img.onload = () => resolve(true);
          img.onerror = () => resolve(false);
          img.src = src;
        });
      return Promise.all(['photo://thumb/999999', 'photo://thumb/..%2F..%2Fetc%2Fpasswd', 'photo://thumb/abc'].map(tryLoad));
    });
    expect(loads).toEqual([false, false, false]);
  });

  it('gives the page the bridge only: no Node, no ipcRenderer', async () => {
    const globals = await page.evaluate(() => ({
      process: typeof (globalThis as { process?: unknown }).process,
      require: typeof (globalThis as { require?: unknown }).require,
      bridge: Object.keys((globalThis as unknown as { recollect: object }).recollect).sort(),
    }));
    expect(globals.process).toBe('undefined');
    expect(globals.require).toBe('undefined');
    expect(globals.bridge).toContain('search');
    expect(globals.bridge).not.toContain('ipcRenderer');
  });

  it('cannot navigate away or open windows', async () => {
    await page.evaluate(() => {
      const win = globalThis as unknown as { open(url: string): unknown; location: { href: string } };
      win.open('https://example.com');
      win.location.href = 'https://example.com/';
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(page.url()).toBe('app://recollect/index.html');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
