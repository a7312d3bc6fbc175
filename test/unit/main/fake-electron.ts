/**
 * A fake 'electron' module for main-process wiring tests: records windows, workers, handlers.
 */
import { EventEmitter as Emitter } from 'node:events';
import { vi } from 'vitest';

// Tests re-import main.ts after vi.resetModules(), which also gives this module a fresh copy; the
// fakes live on globalThis so the test and every copy of main see the same ones.
const KEY = Symbol.for('recollect.fake-electron');

function create() {
  const state = {
    lock: true,
    windows: [] as FakeWindowShape[],
    workers: [] as (InstanceType<typeof Emitter> & { postMessage: (m: unknown) => void; kill: () => boolean; sent: unknown[] })[],
  };
  interface FakeWindowShape {
    options: Record<string, unknown>;
    loaded: string | null;
    focused: number;
    loads: number;
    sent: [string, unknown][];
    contents?: InstanceType<typeof Emitter>;
  }
  const app = Object.assign(new Emitter(), {
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    // Tests flip it to check what a shipped build does differently (devtools).
    isPackaged: false,
    whenReady: vi.fn(() => Promise.resolve()),
    getAppPath: () => '/opt/recollect',
    getPath: () => '/tmp/recollect-test-user-data-does-not-exist',
  });
  class BrowserWindow extends Emitter {
    readonly record: FakeWindowShape;
    readonly webContents: InstanceType<typeof Emitter> & { id: number; mainFrame: object; isDestroyed: () => boolean; send: (c: string, p: unknown) => void };
    constructor(options: Record<string, unknown>) {
      super();
      const record: FakeWindowShape = { options, loaded: null, focused: 0, loads: 0, sent: [] };
      this.record = record;
      this.webContents = Object.assign(new Emitter(), {
        id: 1,
        mainFrame: {},
        isDestroyed: () => false,
        send: (c: string, p: unknown) => void record.sent.push([c, p]),
      });
      record.contents = this.webContents;
      state.windows.push(record);
    }
    loadURL(url: string) {
      this.record.loaded = url;
      this.record.loads += 1;
      return Promise.resolve();
    }
    maximize() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {}
    focus() {
      this.record.focused += 1;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 800, height: 600 };
    }
    isMaximized() {
      return false;
    }
  }
  const electron = {
    app,
    BrowserWindow,
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    utilityProcess: {
      fork: vi.fn(() => {
        const w = Object.assign(new Emitter(), { sent: [] as unknown[], postMessage: (m: unknown) => void w.sent.push(m), kill: () => true });
        state.workers.push(w);
        return w;
      }),
    },
    dialog: { showOpenDialog: vi.fn() },
    shell: { showItemInFolder: vi.fn(), openPath: vi.fn() },
  };
  return { state, electron };
}

const shared = (Reflect.get(globalThis, KEY) as ReturnType<typeof create> | undefined) ?? create();
Reflect.set(globalThis, KEY, shared);
export const { state, electron } = shared;
