/**
 * A client that goes away in the middle of sending a request body (a closed tab, a killed script)
 * is ordinary life for a server: it is not an error with a stack in the terminal (issue 8 defect
 * 6), and the host keeps answering everyone else.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../../electron/core/logger.js';
import { apiCall } from './http-client.js';
import { startServeFixture, TOKEN, type ServeFixture } from './serve-fixture.js';

/** Sends the headers and part of the body, then resets the connection. */
async function abortMidBody(port: number, declared: number, sent: number): Promise<void> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    `POST /api/search HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-recollect-token: ${TOKEN}\r\ncontent-type: application/json\r\ncontent-length: ${declared}\r\n\r\n`,
  );
  socket.write('{"args":[{"text":"'.padEnd(sent, 'x'));
  await new Promise((r) => setTimeout(r, 50));
  socket.resetAndDestroy();
  await new Promise((r) => setTimeout(r, 100));
}

describe('browser host with a client that aborts its request body', () => {
  const logger = new MemoryLogger();
  let f: ServeFixture;
  beforeAll(async () => {
    f = await startServeFixture({ logger });
  });
  afterAll(() => f.close());

  it('logs no error (and no stack) and never calls the service', async () => {
    await abortMidBody(f.port, 5000, 100);
    await abortMidBody(f.port, 500_000, 64 * 1024);
    expect(logger.entries.filter((e) => e.level === 'error' || e.level === 'warn')).toEqual([]);
    expect(JSON.stringify(logger.entries)).not.toMatch(/\n\s+at /);
    expect(f.service.calls).toEqual([]);
  });

  it('keeps answering other clients', async () => {
    await abortMidBody(f.port, 5000, 100);
    const res = await apiCall(f.port, TOKEN, 'getCapabilities', '{"args":[]}');
    expect(res.status).toBe(200);
  });
});
