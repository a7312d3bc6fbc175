/// <reference types="node" />
/**
 * Dev harness: a stand-in for the browser host speaking the same protocol (POST /api/<method>
 * with {"args"}, x-recollect-token, SSE at /api/events, /photo/<kind>/<id>), backed by the fake
 * library, serving renderer/dist. Run: npx tsx renderer/dev/fake-server.ts [port] [photos] [firstRun]
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeLibrary, photoSvg } from './fake-library.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const port = Number(process.argv[2] ?? 5200);
const token = 'test-token';
const bridge = createFakeLibrary({
  photos: Number(process.argv[3] ?? 2000),
  firstRun: process.argv[4] === '1',
  indexing: true,
  shell: false,
  picker: false,
  restartAfterMs: 0,
});
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The fake library rejects with errors that carry a contract error code. */
function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'INTERNAL';
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  if (url.pathname === '/api/events') {
    if (url.searchParams.get('token') !== token) return send(res, 401, { ok: false, error: { code: 'INTERNAL', message: 'bad token' } });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const write = (event: string) => (payload: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    const offs = [bridge.onIndexProgress(write('indexProgress')), bridge.onLibraryChanged(write('libraryChanged')), bridge.onWorkerRestarted(write('workerRestarted'))];
    // Every new page sees one simulated engine restart.
    const restart = setTimeout(() => write('workerRestarted')({ reason: 'simulated crash' }), 1000);
    req.on('close', () => {
      clearTimeout(restart);
      offs.forEach((off) => off());
    });
    return;
  }
  if (url.pathname.startsWith('/api/') && req.method === 'POST') {
    if (req.headers['x-recollect-token'] !== token) return send(res, 401, { ok: false, error: { code: 'INTERNAL', message: 'bad token' } });
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const method: unknown = Reflect.get(bridge, url.pathname.slice(5));
      const parsed: unknown = JSON.parse(body);
      const args: unknown[] = typeof parsed === 'object' && parsed !== null && 'args' in parsed && Array.isArray(parsed.args) ? parsed.args : [];
      if (typeof method !== 'function') return send(res, 404, { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'no such method' } });
      const pending: unknown = Reflect.apply(method, bridge, args);
      Promise.resolve(pending).then(
        (result: unknown) => send(res, 200, { ok: true, result: result ?? null }),
        (err: unknown) => send(res, 200, { ok: false, error: { code: codeOf(err), message: err instanceof Error ? err.message : String(err) } }),
      );
    });
    return;
  }
  const photo = /^\/photo\/(thumb|preview)\/(\d+)$/.exec(url.pathname);
  if (photo) {
    if (url.searchParams.get('token') !== token) return send(res, 401, {});
    res.writeHead(200, { 'content-type': 'image/svg+xml' });
    return res.end(photoSvg(Number(photo[2]), photo[1] === 'thumb' ? 320 : 1200));
  }
  const file = path.join(dist, url.pathname === '/' ? 'index.html' : path.normalize(url.pathname));
  if (!file.startsWith(dist) || !fs.existsSync(file)) return send(res, 404, {});
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${port}/?token=${token}\n`));
