/**
 * `recollect serve` as a process: one JSON line once listening, loopback URL with the token,
 * usage errors, a taken port, and a clean exit on SIGINT/SIGTERM. No browser needed.
 */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli-process.js';
import { callApi, startServe } from './serve-process.js';

describe('recollect serve (process)', () => {
  let tmp = '';
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-serve-cli-'));
  });
  afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

  it('prints one JSON line {url, port, token} with a loopback URL carrying the token, and stops cleanly on SIGINT', async () => {
    const host = await startServe(path.join(tmp, 'a', 'library.db'));
    // The token rides in the fragment, which the browser never sends to any server.
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const status = await callApi(host, 'getStatus');
    expect(await status.json()).toMatchObject({ ok: true, result: { libraryFile: path.join(tmp, 'a', 'library.db') } });
    let stdout = '';
    host.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => host.child.once('exit', (code) => resolve(code)));
    host.child.kill('SIGINT');
    expect(await exited).toBe(0);
    // Exactly one line on stdout (read by startServe); nothing after it, no warnings on stderr.
    expect(stdout).toBe('');
    expect(host.stderr()).toBe('');
  }, 60_000);

  it('gives a different token each run', async () => {
    const a = await startServe(path.join(tmp, 'b', 'library.db'));
    const b = await startServe(path.join(tmp, 'c', 'library.db'));
    expect(a.token).not.toBe(b.token);
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
  }, 60_000);

  it('refuses a bad --port as a usage error (exit 2)', async () => {
    for (const port of ['abc', '-1', '70000', '1.5']) {
      const r = await runCli(['serve', '--port', port, '--library', path.join(tmp, 'd', 'library.db')]);
      expect(r.code, port).toBe(2);
      expect(r.stderr).toContain('--port');
    }
  }, 60_000);

  it('fails with a one-line reason when the port is taken (exit 1)', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const child = startCli(['serve', '--port', String(port), '--library', path.join(tmp, 'e', 'library.db')]);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(`recollect: Could not start the browser host: port ${port} is in use.`);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
