import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkerRestartedDto } from '../../../electron/contract/dto.js';
import { defaultBackoffMs, WorkerCallError, WorkerHost, type WorkerProcessLike } from '../../../electron/main/worker-host.js';
import type { WorkerEvent, WorkerRequest } from '../../../electron/contract/worker-protocol.js';

/** Stands in for utilityProcess: records what main posts, lets the test answer or crash it. */
class FakeWorker extends EventEmitter implements WorkerProcessLike {
  readonly sent: WorkerRequest[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.sent.push(message as WorkerRequest);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  answer(id: number, result: unknown): void {
    this.emit('message', { id, ok: true, result });
  }
  crash(code = 139): void {
    this.emit('exit', code);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const events: WorkerEvent[] = [];
  const restarts: WorkerRestartedDto[] = [];
  const host = new WorkerHost({
    fork: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    onEvent: (e) => events.push(e),
    onRestarted: (info) => restarts.push(info),
  });
  host.start();
  return { host, workers, events, restarts };
}

describe('WorkerHost', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends {id, method, args} and resolves with the matching answer', async () => {
    const { host, workers } = setup();
    const a = host.call('getStatus', []);
    const b = host.call('getPhoto', [7]);
    const [w] = workers;
    expect(w?.sent.map((r) => [r.method, r.args])).toEqual([
      ['getStatus', []],
      ['getPhoto', [7]],
    ]);
    w?.answer(w.sent[1]?.id ?? -1, { id: 7 });
    w?.answer(w.sent[0]?.id ?? -1, { photos: 0 });
    await expect(a).resolves.toEqual({ photos: 0 });
    await expect(b).resolves.toEqual({ id: 7 });
  });

  it('rejects with the contract error the worker sent', async () => {
    const { host, workers } = setup();
    const p = host.call('getPhoto', [1]);
    const w = workers[0];
    w?.emit('message', { id: w.sent[0]?.id, ok: false, error: { code: 'PHOTO_NOT_FOUND', message: 'gone' } });
    await expect(p).rejects.toMatchObject({ dto: { code: 'PHOTO_NOT_FOUND', message: 'gone' } });
  });

  it('forwards worker events', () => {
    const { workers, events } = setup();
    workers[0]?.emit('message', { event: 'libraryChanged', payload: { reason: 'folders' } });
    expect(events).toEqual([{ event: 'libraryChanged', payload: { reason: 'folders' } }]);
  });

  it('when the worker crashes, rejects calls in flight at once with a clear error', async () => {
    const { host, workers } = setup();
    const inflight = host.call('search', [{ text: 'dog' }]);
    workers[0]?.crash(139);
    const err = await inflight.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerCallError);
    expect((err as WorkerCallError).dto.code).toBe('INTERNAL');
    expect((err as WorkerCallError).message).toMatch(/engine process stopped unexpectedly \(exit code 139\).*restarted/);
  });

  it('restarts a crashed worker after a backoff and tells the renderer', async () => {
    const { host, workers, restarts } = setup();
    workers[0]?.crash(1);
    expect(workers).toHaveLength(1);
    expect(host.running).toBe(false);
    await vi.advanceTimersByTimeAsync(defaultBackoffMs(0));
    expect(workers).toHaveLength(2);
    expect(host.running).toBe(true);
    expect(restarts).toEqual([{ reason: 'the engine process stopped unexpectedly (exit code 1)' }]);
  });

  it('calls made while the worker restarts wait for the new worker', async () => {
    const { host, workers } = setup();
    workers[0]?.crash(1);
    const p = host.call('getStatus', []);
    expect(workers[0]?.sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(defaultBackoffMs(0));
    const w2 = workers[1];
    expect(w2?.sent.map((r) => r.method)).toEqual(['getStatus']);
    w2?.answer(w2.sent[0]?.id ?? -1, 'ok');
    await expect(p).resolves.toBe('ok');
  });

  it('backs off longer on repeated crashes, and forgets them once a worker stays up', async () => {
    const { workers } = setup();
    workers[0]?.crash();
    await vi.advanceTimersByTimeAsync(defaultBackoffMs(0));
    workers[1]?.crash();
    await vi.advanceTimersByTimeAsync(defaultBackoffMs(0));
    expect(workers).toHaveLength(2); // second restart waits longer
    await vi.advanceTimersByTimeAsync(defaultBackoffMs(1) - defaultBackoffMs(0));
    expect(workers).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(60_000); // stays up: crash count resets
    workers[2]?.crash();
    await vi.advanceTimersByTimeAsync(defaultBackoffMs(0));
    expect(workers).toHaveLength(4);
    expect(defaultBackoffMs(10)).toBe(10_000);
  });

  it('an answer or exit from a replaced worker is ignored', async () => {
    const { host, workers, restarts } = setup();
    workers[0]?.crash();
    await vi.advanceTimersByTimeAsync(defaultBackoffMs(0));
    const p = host.call('getStatus', []);
    const id = workers[1]?.sent[0]?.id ?? -1;
    workers[0]?.answer(id, 'stale');
    workers[0]?.crash();
    workers[1]?.answer(id, 'fresh');
    await expect(p).resolves.toBe('fresh');
    expect(restarts).toHaveLength(1);
  });

  it('stop() kills the worker, rejects calls and never restarts', async () => {
    const { host, workers } = setup();
    const p = host.call('getStatus', []);
    host.stop();
    await expect(p).rejects.toThrow(/shut down/);
    expect(workers[0]?.killed).toBe(true);
    workers[0]?.crash(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(workers).toHaveLength(1);
    await expect(host.call('getStatus', [])).rejects.toThrow(/shut down/);
  });
});
