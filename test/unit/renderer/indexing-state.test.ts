import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, IDLE_INDEX } from '../../helpers/fake-api.js';
import { installFakeApi } from './install-fake-api.js';

const fake = installFakeApi();
const { IndexingState } = await import('../../../renderer/src/lib/state/indexing-state.svelte.js');

describe('IndexingState', () => {
  beforeEach(() => fake.reset());

  it('has no share done while the total is still unknown (scanning)', () => {
    const indexing = new IndexingState(vi.fn());
    indexing.set({ ...IDLE_INDEX, phase: 'scanning', running: true, found: 120 });
    expect(indexing.fraction).toBeNull();
  });

  it('never shows more than all of it done', () => {
    const indexing = new IndexingState(vi.fn());
    indexing.set({ ...IDLE_INDEX, phase: 'indexing', running: true, total: 10, processed: 12 });
    expect(indexing.fraction).toBe(1);
  });

  it('shows the paused state the engine answers with', async () => {
    const indexing = new IndexingState(vi.fn());
    await indexing.pause();
    expect(indexing.state.paused).toBe(true);
  });

  it('looks busy while an action is on its way, and not after', async () => {
    const indexing = new IndexingState(vi.fn());
    const starting = indexing.start();
    expect(indexing.busy).toBe(true);
    await starting;
    expect(indexing.busy).toBe(false);
  });

  it('reports a failed action and stops looking busy', async () => {
    fake.handle('resumeIndexing', async () => {
      throw apiError('MODEL_NOT_CONFIGURED', 'Choose a model first.');
    });
    const onError = vi.fn();
    const indexing = new IndexingState(onError);
    await indexing.resume();
    expect(onError).toHaveBeenCalledWith({ code: 'MODEL_NOT_CONFIGURED', message: 'Choose a model first.' });
    expect(indexing.busy).toBe(false);
  });
});
