/**
 * Real Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core
 * (`npx playwright install` cannot download browsers here; toolchain.md lists the flags).
 * Each launch gets a fresh user-data dir, so no state leaks between tests or runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { REPO_ROOT } from './cli-process.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const RENDERER_DIST = path.join(REPO_ROOT, 'renderer/dist');
/**
 * The committed screenshots (docs/screenshots) are refreshed on request only
 * (RECOLLECT_UPDATE_SCREENSHOTS=1 npm test), so an ordinary test run leaves the tree clean;
 * otherwise they go to .cache/screenshots for a look after the run.
 */
export const SCREENSHOT_DIR = process.env.RECOLLECT_UPDATE_SCREENSHOTS
  ? path.join(REPO_ROOT, 'docs/screenshots')
  : path.join(REPO_ROOT, '.cache/screenshots');
export const VIEWPORT = { width: 1280, height: 800 } as const;

// toolchain.md: flags that make Debian's chromium quiet and offline-safe in a container.
// --headless is added by playwright itself (headless: true).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Why browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  if (!fs.existsSync(CHROMIUM_PATH)) return `e2e skipped: ${CHROMIUM_PATH} is missing (tools/setup.sh installs the chromium package)`;
  if (!fs.existsSync(path.join(RENDERER_DIST, 'index.html'))) return 'e2e skipped: renderer/dist is missing (run npm run build:renderer)';
  return null;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  page: Page;
  /** Console messages and page errors, for asserting that nothing went wrong (CSP, exceptions). */
  problems: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** devicePixelRatio of the page (a 2x laptop screen is 2); screenshots stay in CSS pixels. */
  deviceScaleFactor?: number;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    colorScheme: 'light',
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  // Report CSP violations as console errors, whatever Chromium itself logs for them.
  await context.addInitScript(
    `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample));`,
  );
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // Thumbnails of photos that cannot be shown answer 404 by design; anything else is a problem.
    if (msg.type() === 'error' && !/status of 404/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until every <img> in view has loaded or failed (so screenshots show thumbnails).
 * Polled from here with page.evaluate: waitForFunction compiles its predicate with `new Function`
 * in the page, which the host's CSP (rightly) reports as an eval violation.
 */
export async function settleImages(page: Page, timeoutMs = 10_000): Promise<void> {
  // In-page code as a string: this project's tsconfig has no DOM types.
  const allLoaded = `[...document.images].every((img) => {
    const r = img.getBoundingClientRect();
    const inView = r.bottom > 0 && r.top < window.innerHeight && r.width > 0;
    return !inView || img.complete;
  })`;
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && (await page.evaluate(allLoaded)) !== true) await page.waitForTimeout(100);
}

/** Writes docs/screenshots/<name>-light.png and -dark.png (1280x800 PNG) of the current page. */
export async function screenshotLightAndDark(page: Page, name: string): Promise<string[]> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(150);
    await settleImages(page);
    const file = path.join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`);
    // scale 'css': one PNG pixel per CSS pixel, whatever the page's devicePixelRatio.
    const png = await page.screenshot({ animations: 'disabled', caret: 'hide', scale: 'css' });
    // A 256-colour palette keeps the committed files ~3x smaller and still readable.
    await sharp(png).png({ palette: true, compressionLevel: 9 }).toFile(file);
    files.push(file);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return files;
}
