import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiCall, request } from './http-client.js';
import { startServeFixture, TOKEN, type ServeFixture } from './serve-fixture.js';

describe('browser host API payloads', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture();
  });
  afterAll(() => f.close());
  beforeEach(() => {
    f.service.calls.length = 0;
  });

  async function refused(method: string, body: string, status = 400): Promise<void> {
    const res = await apiCall(f.port, TOKEN, method, body);
    expect(res.status, body.slice(0, 80)).toBe(status);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.any(String) } });
  }

  it('passes validated arguments to the service and wraps the result', async () => {
    const res = await apiCall(f.port, TOKEN, 'search', JSON.stringify({ args: [{ text: 'a red circle', limit: 10 }] }));
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, result: { query: 'a red circle', hits: [], cutoff: null, hidden: 0, kind: 'text', moreHidden: false, negatives: [], answeredBy: { id: 'onnx-fake', name: 'fake', dir: '/models/fake' } } });
    expect(f.service.calls).toEqual([{ method: 'search', args: [{ text: 'a red circle', limit: 10 }] }]);
  });

  it('answers void methods with result null', async () => {
    const res = await apiCall(f.port, TOKEN, 'revealPhoto', '{"args":[1]}');
    expect(res.json()).toEqual({ ok: true, result: null });
  });

  it('rejects bodies that are not JSON', async () => {
    for (const body of ['', 'not json', '{"args":[]', "{'args':[]}"]) await refused('getStatus', body);
    expect(f.service.calls).toEqual([]);
  });

  it('rejects bodies that are not exactly {"args": [...]}', async () => {
    for (const body of ['[]', 'null', '42', '"x"', '{}', '{"args":{}}', '{"args":"x"}', '{"args":[],"extra":1}', '{"arguments":[]}']) {
      await refused('getStatus', body);
    }
    expect(f.service.calls).toEqual([]);
  });

  it('rejects wrong argument types and shapes', async () => {
    await refused('getPhoto', '{"args":["1"]}');
    await refused('getPhoto', '{"args":[-3]}');
    await refused('getPhoto', '{"args":[1.5]}');
    await refused('getPhoto', '{"args":[]}');
    await refused('search', '{"args":[{"text":["a"]}]}');
    await refused('search', '{"args":[{"text":"a","__proto__":{"x":1}}]}');
    await refused('addFolder', '{"args":[null]}');
    await refused('listPhotos', '{"args":[{"offset":0}]}');
    await refused('getStatus', '{"args":[1]}');
    expect(f.service.calls).toEqual([]);
  });

  it('rejects unknown methods, including names of non-API members, with 404', async () => {
    for (const m of ['deleteEverything', 'close', 'constructor', '__proto__', 'assets', 'toString', 'getStatus/x', '']) {
      await refused(m, '{"args":[]}', 404);
    }
    expect(f.service.calls).toEqual([]);
  });

  it('rejects a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ args: [{ text: 'x'.repeat(1_100_000) }] });
    await refused('search', big, 413);
    expect(f.service.calls).toEqual([]);
  });

  it('refuses GET on API methods', async () => {
    const res = await request({ port: f.port, path: '/api/getStatus', headers: { 'x-recollect-token': TOKEN } });
    expect(res.status).toBe(405);
    expect(f.service.calls).toEqual([]);
  });

  it('turns typed engine errors into their code and a fitting status', async () => {
    const res = await apiCall(f.port, TOKEN, 'addFolder', '{"args":["/missing"]}');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ ok: false, error: { code: 'FOLDER_NOT_FOUND', message: 'No folder at /missing.' } });
  });

  it('says a full disk in words (DISK_FULL, 507), not "something went wrong"', async () => {
    const res = await apiCall(f.port, TOKEN, 'addFolder', '{"args":["/full"]}');
    expect(res.status).toBe(507);
    expect(res.json()).toEqual({ ok: false, error: { code: 'DISK_FULL', message: expect.stringMatching(/is full: free \d+ MB and run again; nothing indexed so far is lost/) } });
  });

  it('hides the details of unexpected errors (INTERNAL, 500)', async () => {
    const res = await apiCall(f.port, TOKEN, 'addFolder', '{"args":["/boom"]}');
    expect(res.status).toBe(500);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(res.text).not.toContain('secret internal detail');
  });
});
