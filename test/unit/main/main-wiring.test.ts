/**
 * main.ts against a fake 'electron': what a real launch would do, checked without the binary.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, eventChannel } from '../../../electron/contract/channels.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);
const fake = await import('./fake-electron.js');


async function launch(): Promise<void> {
  vi.resetModules();
  await import('../../../electron/main/main.js');
  await new Promise((r) => setImmediate(r));
}

describe('main process wiring', () => {
  beforeEach(() => {
    vi.stubEnv('RECOLLECT_LIBRARY', '/tmp/recollect-test/library.db');
    fake.state.windows.length = 0;
    fake.state.workers.length = 0;
    fake.electron.app.removeAllListeners();
    vi.clearAllMocks();
  });
  afterEach(() => vi.unstubAllEnvs());

  it('a second instance quits at once and opens nothing', async () => {
    fake.state.lock = false;
    await launch();
    fake.state.lock = true;
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
  });

  it('opens one locked-down window on the app page, with the preload and a worker', async () => {
    await launch();
    expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
    const [win] = fake.state.windows;
    expect(win?.loaded).toBe('app://recollect/index.html');
    expect(win?.options.webPreferences).toMatchObject({
      preload: path.join('/opt/recollect', 'out', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(fake.electron.utilityProcess.fork).toHaveBeenCalledWith(
      path.join('/opt/recollect', 'out', 'worker', 'worker-main.js'),
      [],
      expect.objectContaining({
        env: expect.objectContaining({ RECOLLECT_LIBRARY: '/tmp/recollect-test/library.db', RECOLLECT_CACHE_DIR: '/tmp/recollect-test/cache' }),
      }),
    );
    expect(fake.electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
  });

  it('registers app:// and photo:// as privileged schemes with handlers, and one IPC handler per method', async () => {
    await launch();
    const schemes = fake.electron.protocol.registerSchemesAsPrivileged.mock.calls[0]?.[0] as { scheme: string; privileges: { secure: boolean } }[];
    expect(schemes.map((s) => s.scheme).sort()).toEqual(['app', 'photo']);
    expect(schemes.every((s) => s.privileges.secure)).toBe(true);
    expect(fake.electron.protocol.handle.mock.calls.map((c) => c[0]).sort()).toEqual(['app', 'photo']);
    expect(fake.electron.ipcMain.handle).toHaveBeenCalledTimes(API_METHODS.length);
  });

  it('locks down every webContents created later', async () => {
    await launch();
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    fake.electron.app.emit('web-contents-created', {}, contents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.listenerCount('will-frame-navigate')).toBe(1);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
  });

  it('reloads the app page when the renderer process dies, after a pause that grows with each crash', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      await launch();
      const [win] = fake.state.windows;
      const crash = () => win?.contents?.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      crash();
      expect(win?.loads, 'not reloaded at once').toBe(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(win?.loads).toBe(2);
      expect(win?.loaded).toBe('app://recollect/index.html');
      crash();
      await vi.advanceTimersByTimeAsync(3_999);
      expect(win?.loads, 'the second pause is longer').toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(win?.loads).toBe(3);
      win?.contents?.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(win?.loads, 'a clean exit is not a crash').toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops reloading after repeated crashes and shows an error page instead', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      await launch();
      const [win] = fake.state.windows;
      const crash = () => win?.contents?.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      for (let i = 0; i < 3; i++) {
        crash();
        await vi.advanceTimersByTimeAsync(15_000);
      }
      expect(win?.loads).toBe(4);
      crash();
      expect(win?.loaded).toMatch(/^data:text\/html/);
      expect(decodeURIComponent(win?.loaded ?? '')).toContain('keeps crashing');
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(win?.loads, 'no reload after the error page').toBe(5);
      expect(win?.loaded).toMatch(/^data:text\/html/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgives crashes once the renderer has stayed up for a minute', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      await launch();
      const [win] = fake.state.windows;
      for (let i = 0; i < 6; i++) {
        win?.contents?.emit('render-process-gone', {}, { reason: 'oom', exitCode: 9 });
        await vi.advanceTimersByTimeAsync(2 * 60_000);
      }
      expect(win?.loads).toBe(7);
      expect(win?.loaded).toBe('app://recollect/index.html');
    } finally {
      vi.useRealTimers();
    }
  });

  it('turns devtools off in a packaged build, and leaves them on in development', async () => {
    await launch();
    expect(fake.state.windows[0]?.options.webPreferences).toMatchObject({ devTools: true });
    fake.state.windows.length = 0;
    fake.electron.app.isPackaged = true;
    try {
      await launch();
      expect(fake.state.windows[0]?.options.webPreferences).toMatchObject({ devTools: false });
    } finally {
      fake.electron.app.isPackaged = false;
    }
  });

  it('a second launch focuses the existing window', async () => {
    await launch();
    fake.electron.app.emit('second-instance');
    expect(fake.state.windows[0]?.focused).toBe(1);
    expect(fake.state.windows).toHaveLength(1);
  });

  it('forwards worker events to the window and announces a worker restart', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await launch();
      const [w] = fake.state.workers;
      w?.emit('message', { event: 'indexProgress', payload: { phase: 'scanning' } });
      w?.emit('exit', 139);
      await vi.advanceTimersByTimeAsync(1000);
      expect(fake.state.workers).toHaveLength(2);
      expect(fake.state.windows[0]?.sent).toEqual([
        [eventChannel('indexProgress'), { phase: 'scanning' }],
        [eventChannel('workerRestarted'), { reason: 'the engine process stopped unexpectedly (exit code 139)' }],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
