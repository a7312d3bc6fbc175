import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapability } from '../../../electron/serve/resource-capability.js';
import { idleIndexState } from '../../../electron/service/index-controller.js';
import { startServeFixture, TOKEN, type ServeFixture } from './serve-fixture.js';

interface OpenStream {
  res: http.IncomingMessage;
  text: () => string;
  close: () => void;
}

function openStream(port: number): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/api/events?cap=${createCapability(TOKEN, '/api/events', Math.floor(Date.now() / 1000) + 600)}`, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('error', () => {});
      resolve({ res, text: () => text, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('browser host event stream', () => {
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture({ heartbeatMs: 50 });
  });
  afterAll(() => f.close());

  it('streams contract events as named server-sent events with JSON data', async () => {
    const s = await openStream(f.port);
    expect(s.res.headers['content-type']).toContain('text/event-stream');
    await until(() => f.host.openStreams() === 1);
    const state = { ...idleIndexState(), phase: 'indexing' as const, processed: 3, total: 10 };
    f.service.events.emit('indexProgress', state);
    f.service.events.emit('libraryChanged', { reason: 'folders' });
    f.service.events.emit('workerRestarted', { reason: 'crash' });
    await until(() => s.text().includes('workerRestarted'));
    expect(s.text()).toContain(`event: indexProgress\ndata: ${JSON.stringify(state)}\n\n`);
    expect(s.text()).toContain('event: libraryChanged\ndata: {"reason":"folders"}\n\n');
    expect(s.text()).toContain('event: workerRestarted\ndata: {"reason":"crash"}\n\n');
    s.close();
  });

  it('sends heartbeat comments', async () => {
    const s = await openStream(f.port);
    await until(() => s.text().includes(': heartbeat'));
    s.close();
  });

  it('removes its listeners when the client goes away', async () => {
    await until(() => f.host.openStreams() === 0);
    const s = await openStream(f.port);
    await until(() => f.host.openStreams() === 1);
    s.close();
    await until(() => f.host.openStreams() === 0);
    // Emitting after the client left must not throw (no write to a closed response).
    f.service.events.emit('libraryChanged', { reason: 'index' });
  });

  it('ends open streams on shutdown so close() does not hang', async () => {
    const other = await startServeFixture();
    const s = await openStream(other.port);
    const ended = new Promise<void>((resolve) => s.res.on('close', () => resolve()));
    await other.close();
    await ended;
  });
});
