import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePhotoPath } from '../../../electron/serve/photo-route.js';
import { request } from './http-client.js';
import { startServeFixture, TOKEN, type ServeFixture } from './serve-fixture.js';

describe('parsePhotoPath', () => {
  it('accepts only /photo/<thumb|preview>/<positive id>', () => {
    expect(parsePhotoPath('/photo/thumb/12')).toEqual({ kind: 'thumb', id: 12 });
    expect(parsePhotoPath('/photo/preview/1')).toEqual({ kind: 'preview', id: 1 });
    for (const p of ['/photo/thumb/0', '/photo/thumb/012', '/photo/thumb/-1', '/photo/thumb/1e3', '/photo/thumb/12/', '/photo/original/1', '/photo/thumb/99999999999999999999', '/photo/thumb/1%2F..']) {
      expect(parsePhotoPath(p), p).toBeNull();
    }
  });
});

describe('browser host photo route', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture();
  });
  afterAll(() => f.close());

  const get = (p: string, headers: Record<string, string> = {}) => request({ port: f.port, path: p, headers: { 'x-recollect-token': TOKEN, ...headers } });

  it('serves the WebP thumbnail, preview and full rendition of a library photo', async () => {
    for (const kind of ['thumb', 'preview', 'full']) {
      const res = await get(`/photo/${kind}/${f.ids.inside}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/webp');
      expect(res.body.subarray(8, 12).toString('latin1')).toBe('WEBP');
    }
  });

  it('answers a cheap 304 when the browser already has the current thumbnail', async () => {
    const first = await get(`/photo/thumb/${f.ids.inside}`);
    const etag = String(first.headers.etag);
    const again = await get(`/photo/thumb/${f.ids.inside}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('refuses ids that are not in the library, not indexed, or huge', async () => {
    for (const id of ['999', String(f.ids.skipped), '9007199254740993', '12345678901234567890']) {
      expect((await get(`/photo/thumb/${id}`)).status, id).toBe(404);
    }
  });

  it('refuses a library photo replaced by a symlink that points outside the library folders', async () => {
    expect((await get(`/photo/thumb/${f.ids.symlinkOut}`)).status).toBe(404);
    expect((await get(`/photo/preview/${f.ids.symlinkOut}`)).status).toBe(404);
  });

  it('refuses a photo record whose file lies outside every library folder', async () => {
    expect((await get(`/photo/thumb/${f.ids.outsideFolder}`)).status).toBe(404);
  });

  it('refuses ../ tricks, encoded slashes and dots, and non-numeric ids', async () => {
    const tricks = [
      '/photo/thumb/../../outside/secret.jpg',
      '/photo/thumb/..%2F..%2Foutside%2Fsecret.jpg',
      '/photo/thumb/%2e%2e/%2e%2e/etc/passwd',
      '/photo/thumb/1%2F..%2F2',
      '/photo/thumb/%31',
      '/photo/thumb/1/../1',
      '/photo/../photo/thumb/1',
      '/photo/thumb/abc',
      '/photo/thumb/0x1',
      '/photo/thumb/1.0',
      '/photo/thumb/%00',
      '/photo/thumb/%201',
      '/photo/thumb//1',
      `/photo/thumb/${encodeURIComponent(path.join(f.root, 'outside/secret.jpg'))}`,
      '/photo/original/1',
    ];
    for (const p of tricks) {
      const res = await get(p);
      expect([400, 404], p).toContain(res.status);
      expect(res.headers['content-type'], p).not.toBe('image/webp');
      expect(res.body.includes(Buffer.from([0xff, 0xd8, 0xff])), p).toBe(false);
    }
  });

  it('never writes a thumbnail for a refused photo', async () => {
    await get(`/photo/thumb/${f.ids.symlinkOut}`);
    const made = await fs.readdir(path.join(f.root, 'cache', 'thumb'), { recursive: true }).catch(() => []);
    expect(made.filter((n) => String(n).startsWith(`${f.ids.symlinkOut}-`))).toEqual([]);
  });
});
