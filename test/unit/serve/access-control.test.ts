import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessToken, tokenMatches } from '../../../electron/serve/access-token.js';
import { apiCall, request } from './http-client.js';
import { startServeFixture, TOKEN, type ServeFixture } from './serve-fixture.js';

describe('access token', () => {
  it('is 24 random bytes, URL-safe, different each run', () => {
    const a = createAccessToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(createAccessToken()).not.toBe(a);
  });

  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    for (const wrong of ['abd', 'ab', 'abcd', '', null, undefined]) expect(tokenMatches('abc', wrong)).toBe(false);
  });
});

describe('browser host access control', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture();
  });
  afterAll(() => f.close());

  it('prints a loopback URL that carries the token', () => {
    expect(f.host.url).toBe(`http://127.0.0.1:${f.port}/?token=${TOKEN}`);
  });

  it('refuses API calls without the token or with a wrong one (401), before the service runs', async () => {
    for (const token of [null, 'wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await apiCall(f.port, token, 'getStatus', '{"args":[]}');
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(f.service.calls).toEqual([]);
  });

  it('does not accept the API token from the query string or a cookie (header only)', async () => {
    const viaQuery = await request({ port: f.port, method: 'POST', path: `/api/getStatus?token=${TOKEN}`, body: '{"args":[]}' });
    expect(viaQuery.status).toBe(401);
    const viaCookie = await request({ port: f.port, method: 'POST', path: '/api/getStatus', body: '{"args":[]}', headers: { cookie: `recollect-token-${f.port}=${TOKEN}` } });
    expect(viaCookie.status).toBe(401);
  });

  it('answers API calls with the right token', async () => {
    const res = await apiCall(f.port, TOKEN, 'getCapabilities', '{"args":[]}');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, result: { host: 'browser', pickFolder: false, shellActions: false } });
  });

  it('refuses the event stream, photos and static files without the right token', async () => {
    for (const p of ['/api/events', '/api/events?token=nope', `/photo/thumb/1`, '/photo/thumb/1?token=nope', '/', '/?token=nope', '/index.html', '/assets/app.js', '/assets/app.js?token=nope']) {
      const res = await request({ port: f.port, path: p });
      expect(res.status, p).toBe(401);
    }
  });

  it('serves / with ?token= and sets an HttpOnly cookie that lets the page load its assets', async () => {
    const page = await request({ port: f.port, path: `/?token=${TOKEN}` });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Recollect UI');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`recollect-token-${f.port}=${TOKEN}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await request({ port: f.port, path: '/assets/app.js', headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
  });

  it('refuses a foreign Host header (DNS rebinding) even with the right token', async () => {
    for (const host of ['evil.example', `evil.example:${f.port}`, '127.0.0.1', `127.0.0.1:${f.port + 1}`, `0.0.0.0:${f.port}`, `[::1]:${f.port}`]) {
      const res = await request({ port: f.port, method: 'POST', path: '/api/getStatus', body: '{"args":[]}', headers: { host, 'x-recollect-token': TOKEN } });
      expect(res.status, host).toBe(403);
    }
    const page = await request({ port: f.port, path: `/?token=${TOKEN}`, headers: { host: `rebind.example:${f.port}` } });
    expect(page.status).toBe(403);
  });

  it('accepts localhost:PORT as Host', async () => {
    const res = await request({ port: f.port, method: 'POST', path: '/api/getStatus', body: '{"args":[]}', headers: { host: `localhost:${f.port}`, 'x-recollect-token': TOKEN } });
    expect(res.status).toBe(200);
  });

  it('refuses a request from a foreign Origin', async () => {
    const res = await request({ port: f.port, method: 'POST', path: '/api/getStatus', body: '{"args":[]}', headers: { origin: 'http://evil.example', 'x-recollect-token': TOKEN } });
    expect(res.status).toBe(403);
    const same = await request({ port: f.port, method: 'POST', path: '/api/getStatus', body: '{"args":[]}', headers: { origin: `http://127.0.0.1:${f.port}`, 'x-recollect-token': TOKEN } });
    expect(same.status).toBe(200);
  });

  it('sends security headers and never a CORS header', async () => {
    const res = await request({ port: f.port, path: `/?token=${TOKEN}`, headers: { origin: `http://127.0.0.1:${f.port}` } });
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/connect-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/img-src 'self' data: blob:/);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('listens on loopback only', async () => {
    const { default: os } = await import('node:os');
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return;
    const { default: net } = await import('node:net');
    const reachable = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: external.address, port: f.port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    expect(reachable).toBe(false);
  });
});
