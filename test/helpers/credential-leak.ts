/**
 * Reproduction of issue 8 defect 1, reusable by the e2e tests and the reliability suite: after a
 * real Chromium has used the browser host, it visits a page on another 127.0.0.1 port (a "foreign"
 * local server, as any process on the machine could run) that loads an image from, and redirects
 * to, a second 127.0.0.1 server recording every request. Cookies are not isolated by port, so a
 * credential the host left in the browser (the old `recollect-token-PORT` cookie) arrives there.
 * A leak is any request to the recorder carrying one of the secrets anywhere (request line or any
 * header) or a cookie the host set.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser.js';

export interface CredentialLeakOptions {
  /** The address the host printed (with its credential), opened first as a user would. */
  hostUrl: string;
  /** Strings that must never reach another origin (the access token, at least). */
  secrets: readonly string[];
  /** A browser that already used the host; a fresh one is launched (and closed) otherwise. */
  context?: BrowserContext;
  timeoutMs?: number;
}

export interface CredentialLeakResult {
  leaked: boolean;
  requestsSeen: number;
  detail: string;
}

interface SeenRequest {
  line: string;
  headers: http.IncomingHttpHeaders;
}

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port };
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

// A 1x1 transparent GIF, so the probe image really loads.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function leakIn(seen: SeenRequest, secrets: readonly string[]): string | null {
  const fields: [string, string][] = [['request line', seen.line]];
  for (const [name, value] of Object.entries(seen.headers)) fields.push([name, Array.isArray(value) ? value.join('; ') : String(value)]);
  for (const [name, value] of fields) {
    if (secrets.some((s) => s.length > 0 && value.includes(s))) return `${name}: ${value}`;
    if (name === 'cookie' && /recollect/i.test(value)) return `${name}: ${value}`;
  }
  return null;
}

/** Uses the host in the browser, then lets a foreign local page pull requests to a recorder. */
async function useHostThenVisitForeign(context: BrowserContext, hostUrl: string, foreignUrl: string, redirectUrl: string, until: () => boolean, timeoutMs: number): Promise<void> {
  const app = await context.newPage();
  // The page's first API answer means it has taken its credential and talked to the host.
  const answered = app.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/'), { timeout: timeoutMs }).catch(() => null);
  await app.goto(hostUrl);
  await answered;
  const foreign = await context.newPage();
  await foreign.goto(foreignUrl);
  // A top-level navigation through a redirect, too: it carries SameSite=Strict cookies of the site.
  await foreign.goto(redirectUrl).catch(() => undefined);
  const end = Date.now() + timeoutMs;
  while (!until() && Date.now() < end) await foreign.waitForTimeout(50);
  await foreign.close();
  await app.close();
}

export async function probeCredentialLeak(opts: CredentialLeakOptions): Promise<CredentialLeakResult> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const seen: SeenRequest[] = [];
  const recorder = await listen((req, res) => {
    seen.push({ line: `${req.method ?? ''} ${req.url ?? ''}`, headers: req.headers });
    res.writeHead(200, { 'content-type': 'image/gif', 'content-length': GIF.length });
    res.end(GIF);
  });
  const recorderBase = `http://127.0.0.1:${recorder.port}`;
  const foreign = await listen((req, res) => {
    if ((req.url ?? '').startsWith('/redirect')) {
      res.writeHead(302, { location: `${recorderBase}/after-redirect` });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>foreign</title><img src="${recorderBase}/image.gif"><img src="/redirect-image">`);
  });
  const foreignBase = `http://127.0.0.1:${foreign.port}`;
  const owned = opts.context ? null : await launchBrowser();
  const context = opts.context ?? owned?.context;
  try {
    if (!context) throw new Error('no browser context');
    // Expected: the image, the redirected image and the redirected navigation.
    await useHostThenVisitForeign(context, opts.hostUrl, `${foreignBase}/`, `${foreignBase}/redirect`, () => seen.length >= 3, timeoutMs);
  } finally {
    await owned?.close();
    await close(foreign.server);
    await close(recorder.server);
  }
  const leaks = seen.map((s) => leakIn(s, opts.secrets)).filter((l): l is string => l !== null);
  return {
    leaked: leaks.length > 0,
    requestsSeen: seen.length,
    detail: leaks.length > 0 ? `credential reached ${recorderBase}: ${leaks.join(' | ')}` : `${seen.length} requests reached ${recorderBase} without a credential`,
  };
}
