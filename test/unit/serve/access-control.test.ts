import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessToken, tokenMatches } from '../../../electron/serve/access-token.js';
import { createCapability } from '../../../electron/serve/resource-capability.js';
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

/** A capability for `resourcePath` expiring `inS` seconds from now (10 minutes by default). */
function cap(resourcePath: string, inS = 600): string {
  return createCapability(TOKEN, resourcePath, Math.floor(Date.now() / 1000) + inS);
}

describe('browser host access control', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture();
  });
  afterAll(() => f.close());

  it('prints a loopback URL that carries the token in the fragment (never sent to a server)', () => {
    expect(f.host.url).toBe(`http://127.0.0.1:${f.port}/#token=${TOKEN}`);
  });

  it('refuses API calls without the token or with a wrong one (401), before the service runs', async () => {
    for (const token of [null, 'wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await apiCall(f.port, token, 'getStatus', '{"args":[]}');
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(f.service.calls).toEqual([]);
  });

  it('does not accept the API token from the query string, a cookie or a capability (header only)', async () => {
    const viaQuery = await request({ port: f.port, method: 'POST', path: `/api/getStatus?token=${TOKEN}`, body: '{"args":[]}' });
    expect(viaQuery.status).toBe(401);
    const viaCookie = await request({ port: f.port, method: 'POST', path: '/api/getStatus', body: '{"args":[]}', headers: { cookie: `recollect-token-${f.port}=${TOKEN}` } });
    expect(viaCookie.status).toBe(401);
    const viaCap = await request({ port: f.port, method: 'POST', path: `/api/getStatus?cap=${cap('/api/getStatus')}`, body: '{"args":[]}' });
    expect(viaCap.status).toBe(401);
    expect(f.service.calls).toEqual([]);
  });

  it('answers API calls with the right token', async () => {
    const res = await apiCall(f.port, TOKEN, 'getCapabilities', '{"args":[]}');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, result: { host: 'browser', pickFolder: false, shellActions: false } });
  });

  it('refuses the event stream and photos without a credential, with the old ?token= or cookie, or a wrong capability', async () => {
    const thumb = `/photo/thumb/${f.ids.inside}`;
    for (const p of [
      '/api/events',
      `/api/events?token=${TOKEN}`,
      '/api/events?cap=nope',
      `/api/events?cap=${cap(thumb)}`,
      thumb,
      `${thumb}?token=${TOKEN}`,
      `${thumb}?cap=${cap('/api/events')}`,
      `${thumb}?cap=${cap(`/photo/preview/${f.ids.inside}`)}`,
      `${thumb}?cap=${cap(thumb, -1)}`,
      `${thumb}?cap=${cap(thumb, 3600)}`,
      `${thumb}?cap=${createCapability('another-run-token', thumb, Math.floor(Date.now() / 1000) + 600)}`,
    ]) {
      const res = await request({ port: f.port, path: p, headers: { cookie: `recollect-token-${f.port}=${TOKEN}` } });
      expect(res.status, p).toBe(401);
    }
  });

  it('serves a photo for a capability made for exactly that path, or for the header', async () => {
    const thumb = `/photo/thumb/${f.ids.inside}`;
    expect((await request({ port: f.port, path: `${thumb}?cap=${cap(thumb)}` })).status).toBe(200);
    expect((await request({ port: f.port, path: thumb, headers: { 'x-recollect-token': TOKEN } })).status).toBe(200);
  });

  it('serves the renderer without a credential, never sets a cookie, and embeds no secret in it', async () => {
    for (const p of ['/', '/index.html', '/assets/app.js']) {
      const res = await request({ port: f.port, path: p });
      expect(res.status, p).toBe(200);
      expect(res.headers['set-cookie'], p).toBeUndefined();
      expect(res.text, p).not.toContain(TOKEN);
    }
    const page = await request({ port: f.port, path: `/?token=${TOKEN}`, headers: { 'x-recollect-token': TOKEN } });
    expect(page.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a foreign Host header (DNS rebinding) even with the right token', async () => {
    for (const host of ['evil.example', `evil.example:${f.port}`, '127.0.0.1', `127.0.0.1:${f.port + 1}`, `0.0.0.0:${f.port}`, `[::1]:${f.port}`]) {
      const res = await request({ port: f.port, method: 'POST', path: '/api/getStatus', body: '{"args":[]}', headers: { host, 'x-recollect-token': TOKEN } });
      expect(res.status, host).toBe(403);
    }
    const page = await request({ port: f.port, path: '/', headers: { host: `rebind.example:${f.port}` } });
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
    const res = await request({ port: f.port, path: '/', headers: { origin: `http://127.0.0.1:${f.port}` } });
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
