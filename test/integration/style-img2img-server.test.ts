/**
 * The img2img server provider against a small local HTTP server speaking the AUTOMATIC1111
 * `/sdapi/v1/img2img` JSON API: what it sends, what the user gets back, and each way a server can
 * fail said in words. Nothing leaves this machine: the servers listen on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../electron/core/logger.js';
import { img2imgServerProviderFactory } from '../../electron/core/style/providers/img2img-server-provider.js';
import type { StylePreviewProvider } from '../../electron/core/style/style-provider.js';

type Handler = (body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base = '';
let handler: Handler = () => {};
const received: Record<string, unknown>[] = [];
let photo: Buffer;

function provider(settings: Record<string, unknown>): StylePreviewProvider {
  return img2imgServerProviderFactory.create({ settings, logger: new MemoryLogger() });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function solidPng(width: number, height: number, rgb: [number, number, number]): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).png().toBuffer();
  return png.toString('base64');
}

/** What a well-behaved server does: a red picture at the size asked for, and the seed it used. */
const paintRed: Handler = (body, _req, res) => {
  void solidPng(Number(body.width), Number(body.height), [220, 20, 20]).then((image) => reply(res, 200, { images: [image], parameters: {}, info: JSON.stringify({ seed: 1234 }) }));
};

beforeAll(async () => {
  photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 40, g: 90, b: 200 } } }).png().toBuffer();
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      received.push({ ...body, path: req.url, method: req.method });
      handler(body, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  received.length = 0;
  handler = () => {};
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('img2img server provider: a working server', () => {
  it('sends the photo downsized to a multiple of 64, the prompt and the strength as denoising', async () => {
    handler = paintRed;
    const p = provider({ url: base, steps: 12, negativePrompt: 'blurry' });
    const result = await p.preview({ image: photo, prompt: 'warm vintage film', strength: 0.35, size: 512 });
    expect(received).toHaveLength(1);
    const sent = received[0] ?? {};
    expect(sent).toMatchObject({ path: '/sdapi/v1/img2img', method: 'POST', prompt: 'warm vintage film', negative_prompt: 'blurry', denoising_strength: 0.35, steps: 12, width: 512, height: 320, seed: -1 });
    const init = Buffer.from(String((sent.init_images as string[])[0]), 'base64');
    const meta = await sharp(init).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 320]);
    // The reply is decoded and brought back to the preview size of the photo (512 x 341).
    const { data, info } = await sharp(result.image).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([512, 341]);
    expect([...data.subarray(0, 3)]).toEqual([220, 20, 20]);
    expect(result.recipe).toEqual({ provider: 'img2img-server', server: base, prompt: 'warm vintage film', negative_prompt: 'blurry', denoising_strength: 0.35, steps: 12, width: 512, height: 320, seed: 1234 });
    expect(await p.render?.(photo, result.recipe)).toBeNull();
  });

  it('sends nothing at strength 0 and returns the photo unchanged', async () => {
    handler = paintRed;
    const result = await provider({ url: base }).preview({ image: photo, prompt: 'x', strength: 0, size: 300 });
    expect(received).toHaveLength(0);
    const { data } = await sharp(result.image).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([40, 90, 200]);
  });
});

describe('img2img server provider: failures in words', () => {
  const preview = (settings: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> =>
    provider({ url: base, ...settings }).preview({ image: photo, prompt: 'a look', strength: 0.5, size: 256, ...(signal ? { signal } : {}) });

  it('server down: connection refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(preview({ url: `http://127.0.0.1:${port}` })).rejects.toThrow(`The image generation server at http://127.0.0.1:${port} is not running (connection refused)`);
  });

  it('timeout: a server that never answers', async () => {
    handler = () => {};
    await expect(preview({ timeoutSeconds: 0.3 })).rejects.toThrow(/did not answer within 0\.3 s/);
  });

  it('cancelled by the user: an abort, not a timeout', async () => {
    handler = () => {};
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(preview({ timeoutSeconds: 30 }, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('HTTP 500 with the server\'s own short error text', async () => {
    handler = (_b, _r, res) => reply(res, 500, { error: 'OutOfMemoryError', detail: 'CUDA out of memory. Tried to allocate 2.00 GiB', body: '', errors: '' });
    await expect(preview({})).rejects.toThrow('answered HTTP 500: OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB');
  });

  it('a server without the API (404) says how to enable it', async () => {
    handler = (_b, _r, res) => reply(res, 404, { detail: 'Not Found' });
    await expect(preview({})).rejects.toThrow(/has no img2img API .*--api/);
  });

  it.each([
    ['a reply that is not JSON', '<html>Bad gateway</html>', /replied with something that is not JSON \(Bad gateway\)/],
    ['a reply with no image', { images: [] }, /replied without an image \(the reply has no image\)/],
    ['an image that is not base64', { images: ['%%%'] }, /sent an image that is not base64/],
    ['an image that does not decode', { images: [Buffer.from('hello, not a picture').toString('base64')] }, /sent an image that does not decode/],
  ])('%s', async (_name, body, message) => {
    handler = (_b, _r, res) => reply(res, 200, body);
    await expect(preview({})).rejects.toThrow(message);
  });
});

describe('img2img server provider: where photos may go', () => {
  it('is off until an address is set', async () => {
    expect(await provider({}).available()).toEqual({ ok: false, reason: 'Set the address of your image generation server (for example http://127.0.0.1:7860)' });
    expect(await provider({ url: base }).available()).toEqual({ ok: true });
  });

  it('refuses a non-loopback address, says why, and sends nothing', async () => {
    handler = paintRed;
    const p = provider({ url: 'http://192.0.2.10:7860' });
    const availability = await p.available();
    expect(availability.ok).toBe(false);
    expect(availability.ok ? '' : availability.reason).toMatch(/Your photo would leave this computer: 192\.0\.2\.10 is not a loopback address.*allow "192\.0\.2\.10"/);
    await expect(p.preview({ image: photo, prompt: 'x', strength: 1, size: 256 })).rejects.toThrow(/would leave this computer/);
    expect(received).toHaveLength(0);
  });

  it('sends to localhost and to an allowed host named exactly', async () => {
    handler = paintRed;
    const port = new URL(base).port;
    await provider({ url: `http://localhost:${port}` }).preview({ image: photo, prompt: 'x', strength: 1, size: 128 });
    expect(received).toHaveLength(1);
    expect((await provider({ url: 'http://192.0.2.10:7860', allowHost: '192.0.2.10' }).available()).ok).toBe(true);
    expect((await provider({ url: 'http://192.0.2.10:7860', allowHost: '192.0.2.1' }).available()).ok).toBe(false);
  });
});
