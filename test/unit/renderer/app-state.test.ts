import { beforeEach, describe, expect, it } from 'vitest';
import { apiError, IDLE_INDEX } from '../../helpers/fake-api.js';
import { installFakeApi } from './install-fake-api.js';

const fake = installFakeApi();
const { AppState } = await import('../../../renderer/src/lib/state/app-state.svelte.js');

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function connected(): Promise<InstanceType<typeof AppState>> {
  const app = new AppState();
  app.connect();
  await settle();
  return app;
}

describe('AppState: first run', () => {
  beforeEach(() => fake.reset());

  it('asks for setup when the library has no folder and no model', async () => {
    const app = await connected();
    expect(app.needsSetup).toBe(true);
  });

  it('still asks for a model after the first folder is added', async () => {
    const app = await connected();
    await app.setup.addFolder('/home/me/Pictures');
    await settle();
    expect(app.status?.folders.map((f) => f.path)).toEqual(['/home/me/Pictures']);
    expect(app.needsSetup).toBe(true);
  });

  it('leaves setup once a folder and a model are chosen', async () => {
    const app = await connected();
    await app.setup.addFolder('/home/me/Pictures');
    app.setup.modelDir = '/models/clip';
    expect(await app.setup.useModel()).toBe(true);
    expect(app.needsSetup).toBe(false);
  });

  it('skips setup for a library that already has both', async () => {
    fake.folders = [{ path: '/photos', photos: 0, present: true }];
    fake.modelDir = '/models/clip';
    const app = await connected();
    expect(app.needsSetup).toBe(false);
    expect(app.setup.modelDir).toBe('/models/clip');
  });

  it('shows why the library could not be opened', async () => {
    fake.handle('getStatus', async () => {
      throw apiError('LIBRARY_OPEN_FAILED', 'Cannot open /library/recollect.sqlite');
    });
    const app = await connected();
    expect(app.loadError).toBe('Cannot open /library/recollect.sqlite');
  });
});

describe('AppState: events', () => {
  beforeEach(() => fake.reset());

  it('shows indexing progress as it is reported', async () => {
    const app = await connected();
    fake.emit('indexProgress', { ...IDLE_INDEX, phase: 'indexing', running: true, total: 200, processed: 50 });
    expect(app.indexing.state.phase).toBe('indexing');
    expect(app.indexing.fraction).toBe(0.25);
  });

  it('re-reads the library status when the engine says the library changed', async () => {
    const app = await connected();
    fake.folders = [{ path: '/photos', photos: 3, present: true }];
    fake.emit('libraryChanged', { reason: 'folders' });
    await settle();
    expect(app.library.folders.map((f) => f.path)).toEqual(['/photos']);
  });

  it('tells the user the engine restarted, and why', async () => {
    const app = await connected();
    fake.emit('workerRestarted', { reason: 'the engine process stopped unexpectedly' });
    expect(app.restartReason).toBe('the engine process stopped unexpectedly');
    app.dismissRestart();
    expect(app.restartReason).toBeNull();
  });

  it('stops listening once disconnected', async () => {
    const app = new AppState();
    const disconnect = app.connect();
    await settle();
    disconnect();
    fake.emit('indexProgress', { ...IDLE_INDEX, phase: 'scanning', running: true });
    expect(app.indexing.state.phase).toBe('idle');
  });

  it('shows a failed action until it is dismissed', async () => {
    fake.handle('pauseIndexing', async () => {
      throw apiError('INTERNAL', 'Nothing is being indexed.');
    });
    const app = await connected();
    await app.indexing.pause();
    expect(app.error).toBe('Nothing is being indexed.');
    app.dismissError();
    expect(app.error).toBeNull();
  });
});
