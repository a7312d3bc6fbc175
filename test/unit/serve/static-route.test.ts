import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeRelativePath } from '../../../electron/serve/static-route.js';
import { request } from './http-client.js';
import { startServeFixture, TOKEN, type ServeFixture } from './serve-fixture.js';

describe('safeRelativePath', () => {
  it('maps / to index.html and keeps plain paths', () => {
    expect(safeRelativePath('/')).toBe('index.html');
    expect(safeRelativePath('/assets/app-1a2b.js')).toBe('assets/app-1a2b.js');
    expect(safeRelativePath('/assets/a%20b.css')).toBe('assets/a b.css');
  });

  it('refuses dot segments, encoded dots and slashes, backslashes and NUL', () => {
    for (const p of ['/../x', '/assets/../../x', '/./x', '/%2e%2e/x', '/%2E%2E/x', '/assets%2f..%2fx', '/assets%5cx', '/a\\b', '/%00', '//etc/passwd', 'x', '/%E0%A4%A']) {
      expect(safeRelativePath(p), p).toBeNull();
    }
  });
});

describe('browser host static files', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture();
  });
  afterAll(() => f.close());

  const get = (p: string) => request({ port: f.port, path: p, headers: { 'x-recollect-token': TOKEN } });

  it('serves index.html and assets with their types', async () => {
    expect((await get('/')).headers['content-type']).toContain('text/html');
    expect((await get('/assets/app.js')).headers['content-type']).toContain('text/javascript');
  });

  it('refuses path traversal in every spelling', async () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..\\..\\secret.txt',
      `/${encodeURIComponent(path.join(f.root, 'secret.txt'))}`,
      '//' + path.join(f.root, 'secret.txt'),
    ]) {
      const res = await get(p);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.text, p).not.toContain('TOP SECRET');
    }
  });

  it('does not follow a symlink out of dist', async () => {
    const res = await get('/assets/link.txt');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('TOP SECRET');
  });

  it('answers 404 for missing files and 405 for other methods', async () => {
    expect((await get('/nope.js')).status).toBe(404);
    expect((await request({ port: f.port, path: '/', method: 'DELETE', headers: { 'x-recollect-token': TOKEN } })).status).toBe(405);
  });
});

describe('browser host without a built renderer', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture({ withDist: false });
  });
  afterAll(() => f.close());

  it('answers / with a page that says how to build the renderer', async () => {
    await fs.rm(path.join(f.root, 'dist'), { recursive: true, force: true });
    const res = await request({ port: f.port, path: '/' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('npm run build:renderer');
  });
});
