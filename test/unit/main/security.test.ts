import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appFileFor, createAppProtocolHandler, isAppUrl } from '../../../electron/main/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/content-security-policy.js';
import { CONTENT_SECURITY_POLICY as HOST_CSP } from '../../../electron/serve/http-replies.js';
import { blockNavigation, lockDownSession, secureWebPreferences } from '../../../electron/main/security.js';

type OpenHandler = (details: { url: string }) => { action: string };

/** A webContents stand-in: real events, a captured window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: OpenHandler | null = null;
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  /** Emits like Chromium does and reports whether the default action was prevented. */
  attempt(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

function hardened(): FakeContents {
  const contents = new FakeContents();
  blockNavigation(contents as unknown as Parameters<typeof blockNavigation>[0]);
  return contents;
}

describe('window security', () => {
  it('turns on every isolation switch', () => {
    const prefs = secureWebPreferences('/app/out/preload/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it.each(['https://example.com/', 'http://localhost:5173/', 'file:///etc/passwd', 'photo://thumb/1', 'app://other/index.html', 'javascript:alert(1)'])(
    'blocks navigation and redirects to %s',
    (url) => {
      const contents = hardened();
      expect(contents.attempt('will-navigate', url)).toBe(true);
      expect(contents.attempt('will-redirect', url)).toBe(true);
    },
  );

  it.each(['https://example.com/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)'])('blocks a frame navigating to %s', (url) => {
    const contents = hardened();
    let prevented = false;
    contents.emit('will-frame-navigate', { url, isMainFrame: false, preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('lets a frame move between the app\'s own pages', () => {
    const contents = hardened();
    let prevented = false;
    contents.emit('will-frame-navigate', { url: 'app://recollect/index.html', isMainFrame: true, preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
  });

  it('has no devtools unless told this is a development build', () => {
    expect(secureWebPreferences('/p').devTools).toBe(false);
    expect(secureWebPreferences('/p', { packaged: true }).devTools).toBe(false);
    expect(secureWebPreferences('/p', { packaged: false }).devTools).toBe(true);
  });

  it('lets the app move between its own pages', () => {
    const contents = hardened();
    expect(contents.attempt('will-navigate', 'app://recollect/index.html#/settings')).toBe(false);
  });

  it('denies every new window', () => {
    const contents = hardened();
    expect(contents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://recollect/index.html' })).toEqual({ action: 'deny' });
  });

  it('hands an OpenStreetMap link to the user\'s browser, and nothing else', () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    blockNavigation(contents as unknown as Parameters<typeof blockNavigation>[0], (url) => opened.push(url));
    const osm = 'https://www.openstreetmap.org/?mlat=48.8584&mlon=2.2945#map=15/48.8584/2.2945';
    expect(contents.openHandler?.({ url: osm })).toEqual({ action: 'deny' });
    for (const url of [
      'http://www.openstreetmap.org/',
      'https://www.openstreetmap.org.evil.example/',
      'https://user:pw@www.openstreetmap.org/',
      'https://www.openstreetmap.org:8443/',
      'file:///etc/passwd',
      'https://example.com/',
      'not a url',
    ]) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual([osm]);
  });

  it('refuses <webview> attachment', () => {
    const contents = hardened();
    expect(contents.attempt('will-attach-webview', '')).toBe(true);
  });

  it('denies permission requests and checks, and adds the CSP header to responses', () => {
    const ses = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    };
    lockDownSession(ses as unknown as Parameters<typeof lockDownSession>[0]);
    const request = ses.setPermissionRequestHandler.mock.calls[0]?.[0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const cb = vi.fn();
      request({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    const check = ses.setPermissionCheckHandler.mock.calls[0]?.[0] as () => boolean;
    expect(check()).toBe(false);
    const onHeaders = ses.webRequest.onHeadersReceived.mock.calls[0]?.[0] as (d: unknown, cb: (r: unknown) => void) => void;
    const cb = vi.fn();
    onHeaders({ responseHeaders: { 'X-Test': ['1'] } }, cb);
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'X-Test': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('has a CSP without inline or eval scripts and without network', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/img-src 'self' photo:/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it('allows no inline styles: the same style-src the browser host serves the bundle under (e2e-checked)', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes/);
    const styleSrc = (csp: string) => csp.split('; ').find((d) => d.startsWith('style-src '));
    expect(styleSrc(CONTENT_SECURITY_POLICY)).toBe("style-src 'self'");
    expect(styleSrc(CONTENT_SECURITY_POLICY)).toBe(styleSrc(HOST_CSP));
  });
});

describe('app:// protocol (the renderer bundle)', () => {
  let root: string;
  let outside: string;
  const handler = () => createAppProtocolHandler(root);

  beforeAll(async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-app-proto-'));
    root = path.join(tmp, 'dist');
    outside = path.join(tmp, 'secret.txt');
    await fs.mkdir(path.join(root, 'assets'), { recursive: true });
    await fs.writeFile(path.join(root, 'index.html'), '<!doctype html><title>Recollect</title>');
    await fs.writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await fs.writeFile(outside, 'secret');
    await fs.symlink(outside, path.join(root, 'assets', 'leak.js'));
  });
  afterAll(async () => fs.rm(path.dirname(root), { recursive: true, force: true }));

  it('serves index.html with the CSP header', async () => {
    const res = await handler()(new Request('app://recollect/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toContain('Recollect');
  });

  it('serves bundle files with their type', async () => {
    const res = await handler()(new Request('app://recollect/assets/app.js'));
    expect(res.headers.get('content-type')).toMatch(/javascript/);
  });

  it.each([
    'app://recollect/../secret.txt',
    'app://recollect/%2e%2e/secret.txt',
    'app://recollect/assets/..%2F..%2Fsecret.txt',
    'app://recollect/assets%5C..%5C..%5Csecret.txt',
    'app://recollect/%00index.html',
    'app://other/index.html',
    'app://recollect/assets/leak.js',
    'app://recollect/missing.js',
  ])('refuses %s', async (url) => {
    expect((await handler()(new Request(url))).status).toBe(404);
  });

  it('maps URLs only to files under the root', () => {
    expect(appFileFor('app://recollect/', root)).toBe(path.join(root, 'index.html'));
    expect(appFileFor('app://recollect/a%2F..%2F..%2Fx', root)).toBeNull();
    expect(isAppUrl('app://recollect/index.html')).toBe(true);
    expect(isAppUrl('app://recollect.evil/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
