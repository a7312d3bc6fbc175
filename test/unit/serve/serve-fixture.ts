/**
 * One browser host on port 0 over a fake service, with a small real library on disk: photos in
 * a library folder, a secret photo outside it, a symlink escaping it, and a renderer dist folder.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Logger } from '../../../electron/core/logger.js';
import { startBrowserHost, type BrowserHost } from '../../../electron/serve/browser-host.js';
import { createFakeService, photoRecord, type FakeLibrary, type FakeService } from './fake-service.js';

export const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv';

export interface ServeFixture {
  root: string;
  host: BrowserHost;
  service: FakeService;
  port: number;
  /** Ids in the fake library. */
  ids: { inside: number; skipped: number; symlinkOut: number; outsideFolder: number };
  close(): Promise<void>;
}

async function jpeg(file: string, color: string): Promise<void> {
  await sharp({ create: { width: 64, height: 48, channels: 3, background: color } }).jpeg().toFile(file);
}

export async function startServeFixture(options: { withDist?: boolean; heartbeatMs?: number; logger?: Logger } = {}): Promise<ServeFixture> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'serve-unit-'));
  const photos = path.join(root, 'photos');
  const outside = path.join(root, 'outside');
  const dist = path.join(root, 'dist');
  await fs.mkdir(photos);
  await fs.mkdir(outside);
  await jpeg(path.join(photos, 'a.jpg'), '#c00');
  await jpeg(path.join(photos, 'skipped.jpg'), '#0c0');
  await jpeg(path.join(outside, 'secret.jpg'), '#00c');
  // A library photo later replaced by a symlink to a file outside every library folder.
  await fs.symlink(path.join(outside, 'secret.jpg'), path.join(photos, 'escape.jpg'));
  if (options.withDist !== false) {
    await fs.mkdir(path.join(dist, 'assets'), { recursive: true });
    await fs.writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Recollect UI</title><script type="module" src="./assets/app.js"></script>');
    await fs.writeFile(path.join(dist, 'assets', 'app.js'), 'console.log("app");');
    await fs.writeFile(path.join(root, 'secret.txt'), 'TOP SECRET');
    await fs.symlink(path.join(root, 'secret.txt'), path.join(dist, 'assets', 'link.txt'));
  }
  const library: FakeLibrary = {
    folders: [photos],
    photos: new Map([
      [1, photoRecord(1, path.join(photos, 'a.jpg'), photos)],
      [2, photoRecord(2, path.join(photos, 'skipped.jpg'), photos, 'skipped')],
      [3, photoRecord(3, path.join(photos, 'escape.jpg'), photos)],
      [4, photoRecord(4, path.join(outside, 'secret.jpg'), outside)],
    ]),
  };
  const service = createFakeService(library, path.join(root, 'cache'));
  const host = await startBrowserHost({ service, port: 0, distDir: dist, token: TOKEN, heartbeatMs: options.heartbeatMs, logger: options.logger });
  return {
    root,
    host,
    service,
    port: host.port,
    ids: { inside: 1, skipped: 2, symlinkOut: 3, outsideFolder: 4 },
    async close() {
      await host.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
