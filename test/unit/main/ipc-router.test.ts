import { describe, expect, it, vi } from 'vitest';
import type { RecollectMethod } from '../../../electron/contract/api.js';
import { API_METHODS, invokeChannel } from '../../../electron/contract/channels.js';
import { createIpcHandler, registerIpc, type IpcRouterOptions } from '../../../electron/main/ipc-router.js';
import type { SenderLike, TrustedWindowLike } from '../../../electron/main/ipc-sender.js';
import { WorkerCallError } from '../../../electron/main/worker-host.js';

const APP_PAGE = 'app://recollect/index.html';

function fakeWindow(id = 1) {
  const mainFrame = { url: APP_PAGE, parent: null };
  const window: TrustedWindowLike = { webContents: { id, mainFrame, isDestroyed: () => false } };
  const event: SenderLike = { sender: { id }, senderFrame: mainFrame as SenderLike['senderFrame'] };
  return { window, mainFrame, event };
}

function setup(overrides: Partial<IpcRouterOptions> = {}) {
  const { window, event, mainFrame } = fakeWindow();
  const worker = { call: vi.fn(async (method: RecollectMethod, args: unknown[]) => ({ method, args })) };
  const pickFolder = vi.fn(async () => '/picked');
  const options = { trustedWindow: () => window, worker, mainHandlers: { pickFolder }, ...overrides };
  const handler = (method: RecollectMethod) => createIpcHandler(method, options);
  return { window, event, mainFrame, worker, pickFolder, handler };
}

describe('IPC sender check', () => {
  it('accepts the main frame of our window showing our page', async () => {
    const { event, handler } = setup();
    await expect(handler('getStatus')(event)).resolves.toEqual({ ok: true, result: { method: 'getStatus', args: [] } });
  });

  it('refuses a frame showing another URL', async () => {
    const { event, mainFrame, handler, worker } = setup();
    mainFrame.url = 'https://evil.example/index.html';
    const answer = await handler('getStatus')(event);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(worker.call).not.toHaveBeenCalled();
  });

  it.each(['file:///work/index.html', 'app://other/index.html', 'app://recollect@evil/index.html', 'app://recollect:99/x'])(
    'refuses a page at %s',
    async (url) => {
      const { event, mainFrame, handler } = setup();
      mainFrame.url = url;
      expect(await handler('getStatus')(event)).toMatchObject({ ok: false });
    },
  );

  it('refuses a subframe of our own page', async () => {
    const { event, mainFrame, handler, worker } = setup();
    const sub = { url: APP_PAGE, parent: mainFrame };
    const answer = await handler('getStatus')({ ...event, senderFrame: sub as unknown as SenderLike['senderFrame'] });
    expect(answer).toMatchObject({ ok: false });
    expect(worker.call).not.toHaveBeenCalled();
  });

  it('refuses a top-level frame that is not our window main frame (a look-alike)', async () => {
    const { event, handler } = setup();
    const impostor = { url: APP_PAGE, parent: null };
    expect(await handler('getStatus')({ ...event, senderFrame: impostor as SenderLike['senderFrame'] })).toMatchObject({ ok: false });
  });

  it('refuses another webContents', async () => {
    const { event, handler } = setup();
    expect(await handler('getStatus')({ ...event, sender: { id: 2 } })).toMatchObject({ ok: false });
  });

  it('refuses a message whose frame is gone, and any message when there is no window', async () => {
    const { event, handler } = setup();
    expect(await handler('getStatus')({ ...event, senderFrame: null })).toMatchObject({ ok: false });
    const noWindow = setup({ trustedWindow: () => null });
    expect(await noWindow.handler('getStatus')(noWindow.event)).toMatchObject({ ok: false });
  });
});

describe('IPC payload validation', () => {
  it.each<[RecollectMethod, unknown[]]>([
    ['getPhoto', ['7']],
    ['getPhoto', [-1]],
    ['getPhoto', [1.5]],
    ['getPhoto', []],
    ['getPhoto', [1, 2]],
    ['addFolder', [42]],
    ['addFolder', ['']],
    ['addFolder', ['/a\0b']],
    ['listPhotos', [{ offset: 0, limit: 10, extra: true }]],
    ['listPhotos', [{ offset: -5, limit: 10 }]],
    ['search', [{ text: 'x'.repeat(5000) }]],
    ['search', ['dog']],
    ['setModel', [{ dir: '/m', device: 'tpu' }]],
    ['revealPhoto', [{ id: 1 }]],
    ['getStatus', ['unexpected']],
  ])('rejects %s(%j) with INVALID_ARGUMENT before the engine sees it', async (method, args) => {
    const { event, handler, worker, pickFolder } = setup();
    const answer = await handler(method)(event, ...args);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(worker.call).not.toHaveBeenCalled();
    expect(pickFolder).not.toHaveBeenCalled();
  });

  it('passes valid arguments on, parsed', async () => {
    const { event, handler, worker } = setup();
    await handler('listPhotos')(event, { offset: 0, limit: 50 });
    expect(worker.call).toHaveBeenCalledWith('listPhotos', [{ offset: 0, limit: 50 }]);
  });
});

describe('IPC dispatch', () => {
  it('answers main-side methods (dialogs, shell) in main, not in the worker', async () => {
    const { event, handler, worker, pickFolder } = setup();
    expect(await handler('pickFolder')(event)).toEqual({ ok: true, result: '/picked' });
    expect(pickFolder).toHaveBeenCalled();
    expect(worker.call).not.toHaveBeenCalled();
  });

  it('turns a worker error into its contract code, and void into null', async () => {
    const { event, handler } = setup({
      worker: {
        call: async (method) => {
          if (method === 'getPhoto') throw new WorkerCallError({ code: 'PHOTO_NOT_FOUND', message: 'gone' });
          return undefined;
        },
      },
    });
    expect(await handler('getPhoto')(event, 3)).toEqual({ ok: false, error: { code: 'PHOTO_NOT_FOUND', message: 'gone' } });
    expect(await handler('startIndexing')(event)).toEqual({ ok: true, result: null });
  });

  it('registers one handler per contract method and can remove them all', () => {
    const handlers = new Map<string, unknown>();
    const ipcMain = {
      handle: vi.fn((channel: string, fn: unknown) => void handlers.set(channel, fn)),
      removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    };
    const { window, worker } = setup();
    const off = registerIpc({ ipcMain, trustedWindow: () => window, worker, mainHandlers: {} });
    expect([...handlers.keys()].sort()).toEqual(API_METHODS.map(invokeChannel).sort());
    off();
    expect(handlers.size).toBe(0);
  });
});
