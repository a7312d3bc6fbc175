import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, EVENT_NAMES, eventChannel, invokeChannel } from '../../../electron/contract/channels.js';
import { createBridge, photoUrl, type IpcLike } from '../../../electron/preload/bridge.js';

const exposed = vi.hoisted(() => new Map<string, unknown>());
const fakeIpcRenderer = vi.hoisted(() => ({ invoke: () => Promise.resolve({ ok: true, result: null }), on: () => {}, removeListener: () => {}, send: () => {} }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: fakeIpcRenderer,
}));

function fakeIpc() {
  const emitter = new EventEmitter();
  const invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, result: 'done' }));
  const ipc = {
    invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => emitter.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => emitter.removeListener(channel, listener),
  };
  return { ipc: ipc as unknown as IpcLike, invoke, emitter };
}

describe('preload bridge', () => {
  it('exposes exactly window.recollect, and no ipcRenderer in it', async () => {
    await import('../../../electron/preload/preload.js');
    expect([...exposed.keys()]).toEqual(['recollect']);
    const bridge = exposed.get('recollect') as Record<string, unknown>;
    for (const value of Object.values(bridge)) expect(value).not.toBe(fakeIpcRenderer);
    expect(Object.keys(bridge)).not.toContain('ipcRenderer');
    expect(Object.keys(bridge)).not.toContain('invoke');
  });

  it('has one wrapper per contract method, one subscription per event, and photoUrl', () => {
    const bridge = createBridge(fakeIpc().ipc) as unknown as Record<string, unknown>;
    const expected = [...API_METHODS, ...EVENT_NAMES.map((e) => `on${e[0]?.toUpperCase()}${e.slice(1)}`), 'photoUrl'];
    expect(Object.keys(bridge).sort()).toEqual(expected.sort());
    for (const key of expected) expect(typeof bridge[key]).toBe('function');
  });

  it('each wrapper invokes its own channel with the arguments and unwraps the answer', async () => {
    const { ipc, invoke } = fakeIpc();
    const bridge = createBridge(ipc);
    await expect(bridge.getPhoto(5)).resolves.toBe('done');
    expect(invoke).toHaveBeenCalledWith(invokeChannel('getPhoto'), 5);
  });

  it('rejects with the contract error {code, message}', async () => {
    const { ipc, invoke } = fakeIpc();
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'PHOTO_NOT_FOUND', message: 'gone' } });
    await expect(createBridge(ipc).getPhoto(5)).rejects.toEqual({ code: 'PHOTO_NOT_FOUND', message: 'gone' });
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'BOGUS', message: 'x' } });
    await expect(createBridge(ipc).getPhoto(5)).rejects.toMatchObject({ code: 'INTERNAL' });
    invoke.mockResolvedValueOnce('not an envelope');
    await expect(createBridge(ipc).getStatus()).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('event listeners get the payload only, and unsubscribe works', () => {
    const { ipc, emitter } = fakeIpc();
    const bridge = createBridge(ipc);
    const seen: unknown[][] = [];
    const off = bridge.onWorkerRestarted((...args: unknown[]) => seen.push(args));
    const sender = { send: () => {} };
    emitter.emit(eventChannel('workerRestarted'), { sender }, { reason: 'exit code 1' });
    expect(seen).toEqual([[{ reason: 'exit code 1' }]]);
    off();
    emitter.emit(eventChannel('workerRestarted'), { sender }, { reason: 'again' });
    expect(seen).toHaveLength(1);
    expect(emitter.listenerCount(eventChannel('workerRestarted'))).toBe(0);
  });

  it('photoUrl builds photo:// URLs for ids only', () => {
    expect(photoUrl('thumb', 12)).toBe('photo://thumb/12');
    expect(photoUrl('preview', 3)).toBe('photo://preview/3');
    expect(() => photoUrl('thumb', -1)).toThrow();
    expect(() => photoUrl('../x' as 'thumb', 1)).toThrow();
    expect(() => photoUrl('thumb', Number.NaN)).toThrow();
  });
});
