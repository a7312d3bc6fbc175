/**
 * HTTPS_PROXY / HTTP_PROXY are honoured by the downloader (Node 20's fetch ignores them by itself):
 * a local proxy sees the hub's traffic, and NO_PROXY bypasses it.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/logger.js';
import { ModelManager } from '../../electron/core/models/model-manager.js';
import { FakeHub } from '../helpers/fake-hub.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

/** A forward proxy: CONNECT tunnels and absolute-form requests, each counted. */
function startProxy(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`GET ${req.url ?? ''}`);
    const target = new URL(req.url ?? '');
    const upstream = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url ?? ''}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host ?? '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
      }),
    ),
  );
}

describe('downloads through a proxy', () => {
  let hub: FakeHub;
  let tmp: string;
  let proxy: Awaited<ReturnType<typeof startProxy>>;

  beforeEach(async () => {
    hub = await new FakeHub({ 'test-org/shapes-clip': { dir: FIXTURE_MODEL_DIR } }).start();
    proxy = await startProxy();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-proxy-'));
  });
  afterEach(async () => {
    await hub.close();
    await proxy.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('sends the hub traffic through HTTP_PROXY / HTTPS_PROXY', async () => {
    const manager = new ModelManager({ modelsDir: path.join(tmp, 'models'), env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }, logger: silentLogger });
    const result = await manager.download({ repo: 'test-org/shapes-clip', endpoint: hub.endpoint });
    expect(fs.existsSync(path.join(result.dir, 'onnx/vision_model.onnx'))).toBe(true);
    const hubHost = new URL(hub.endpoint).host;
    expect(proxy.seen.some((s) => s.includes(hubHost))).toBe(true);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    const manager = new ModelManager({ modelsDir: path.join(tmp, 'models'), env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }, logger: silentLogger });
    await manager.download({ repo: 'test-org/shapes-clip', endpoint: hub.endpoint });
    expect(proxy.seen).toEqual([]);
  });
});
