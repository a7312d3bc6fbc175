/**
 * The background indexing controller over a core with a fake model: the states and events the
 * app's indexing panel shows (running, paused, done, failed), and pause/resume keeping work.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IndexStateDto } from '../../../electron/contract/dto.js';
import { createCore, type RecollectCore } from '../../../electron/core/create-core.js';
import { EventHub } from '../../../electron/service/event-hub.js';
import { IndexController } from '../../../electron/service/index-controller.js';
import { fakeModelLoader } from '../../helpers/fake-model.js';
import { writeColourPhotos } from '../../helpers/simple-photos.js';

describe('IndexController', () => {
  let tmp: string;
  let core: RecollectCore;
  let hub: EventHub;
  let states: IndexStateDto[];
  // 'slow' embeds each batch for longer than the controller's 100 ms event throttle, so a pause
  // requested on the first progress event lands while batches are still to come.

  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-controller-'));
    await writeColourPhotos(path.join(tmp, 'Photos'), { red: 6, green: 6 });
    core = createCore({ libraryFile: path.join(tmp, 'library.db'), loadModel: fakeModelLoader({ slow: { encodeDelayMs: 150 } }), batchSize: 2, decodeConcurrency: 1 });
    hub = new EventHub();
    states = [];
    hub.on('indexProgress', (s) => states.push(s));
  });
  afterEach(async () => {
    await core.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('runs to done, reports the run, and announces the library changed', async () => {
    await core.useModel('/models/fast');
    core.library.folders.add(path.join(tmp, 'Photos'));
    const changed: unknown[] = [];
    hub.on('libraryChanged', (e) => changed.push(e));
    const controller = new IndexController(core, hub);
    expect(controller.start().running).toBe(true);
    await controller.settle();
    const done = controller.getState();
    expect(done).toMatchObject({ phase: 'done', running: false, lastRun: { indexed: 12, unchanged: 0 } });
    expect(states[0]?.phase).toBe('loading-model');
    expect(changed).toEqual([{ reason: 'index' }]);
  });

  it('pause keeps what was committed and resume finishes the rest', async () => {
    await core.useModel('/models/slow');
    core.library.folders.add(path.join(tmp, 'Photos'));
    const controller = new IndexController(core, hub);
    controller.start();
    await new Promise<void>((resolve) => {
      const off = hub.on('indexProgress', (s) => {
        if (s.processed >= 2) {
          off();
          resolve();
        }
      });
    });
    expect(controller.pause()).toMatchObject({ paused: true, phase: 'paused' });
    await controller.settle();
    const partial = core.status().stats.indexed;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(12);
    controller.resume();
    await controller.settle();
    expect(controller.getState()).toMatchObject({ phase: 'done', lastRun: { unchanged: partial, indexed: 12 - partial } });
  });

  it('progress never goes backwards across pause and resume (same total, counting on)', async () => {
    await core.useModel('/models/slow');
    core.library.folders.add(path.join(tmp, 'Photos'));
    const controller = new IndexController(core, hub);
    controller.start();
    await new Promise<void>((resolve) => {
      const off = hub.on('indexProgress', (s) => {
        if (s.phase === 'indexing' && s.processed >= 2) {
          off();
          resolve();
        }
      });
    });
    controller.pause();
    await controller.settle();
    const before = states.filter((s) => s.phase === 'indexing');
    const pausedAt = controller.getState();
    states = [];
    controller.resume();
    await controller.settle();
    const after = states.filter((s) => s.phase === 'indexing' && s.total > 0);
    expect(before.at(-1)?.total).toBe(12);
    expect(after.length).toBeGreaterThan(0);
    for (const s of after) {
      expect(s.total, `${s.processed} of ${s.total} after pausing at ${pausedAt.processed} of 12`).toBe(12);
      expect(s.processed).toBeGreaterThanOrEqual(pausedAt.processed);
    }
    expect(after.at(-1)?.processed).toBe(12);
  });

  it('indexes a folder added while a run is going, once that run ends', async () => {
    await core.useModel('/models/slow');
    core.library.folders.add(path.join(tmp, 'Photos'));
    await writeColourPhotos(path.join(tmp, 'Later'), { blue: 3 });
    const controller = new IndexController(core, hub);
    controller.start();
    await new Promise<void>((resolve) => {
      const off = hub.on('indexProgress', (s) => {
        if (s.phase === 'indexing') {
          off();
          resolve();
        }
      });
    });
    core.library.folders.add(path.join(tmp, 'Later'));
    controller.start();
    await controller.settle();
    expect(core.library.folders.list().map((f) => [path.basename(f.path), f.photos])).toEqual([['Later', 3], ['Photos', 12]]);
  });

  it('a model that cannot load shows the failure in words', async () => {
    const broken = createCore({
      libraryFile: path.join(tmp, 'other.db'),
      modelDir: '/models/broken',
      loadModel: async () => {
        throw new Error('onnx/vision_model.onnx is missing');
      },
    });
    broken.library.folders.add(path.join(tmp, 'Photos'));
    const controller = new IndexController(broken, hub);
    controller.start();
    await controller.settle();
    expect(controller.getState()).toMatchObject({ phase: 'failed', running: false, error: expect.stringContaining('vision_model.onnx') });
    await broken.close();
  });
  it('a run that fills a pending model reports the switch counting up and announces the new model at the end', async () => {
    await core.useModel('/models/fast');
    core.library.folders.add(path.join(tmp, 'Photos'));
    const controller = new IndexController(core, hub);
    controller.start();
    await controller.settle();
    expect(controller.getState().switching).toBeNull();

    expect(await core.useModel('/models/slow')).toEqual({ active: false });
    const changed: unknown[] = [];
    hub.on('libraryChanged', (e) => changed.push(e));
    states.length = 0;
    controller.start();
    await controller.settle();
    const switching = states.flatMap((s) => (s.switching ? [s.switching] : []));
    const done = switching.map((s) => s.done ?? 0);
    expect(switching.every((s) => s.dir === '/models/slow' && s.total === 12)).toBe(true);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(12);
    expect(controller.getState()).toMatchObject({ phase: 'done', switching: null });
    expect(core.status().modelDir).toBe('/models/slow');
    expect(changed).toEqual([{ reason: 'model' }]);
  });
});
