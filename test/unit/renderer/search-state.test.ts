import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, searchResult } from '../../helpers/fake-api.js';
import { installFakeApi } from './install-fake-api.js';

const fake = installFakeApi();
const { SearchState } = await import('../../../renderer/src/lib/state/search-state.svelte.js');

/** Lets pending timers up to `ms` fire and the promises they started settle. */
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('SearchState', () => {
  beforeEach(() => {
    fake.reset();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for a pause in typing before it searches', async () => {
    const search = new SearchState();
    search.setText('beach');
    await wait(200);
    expect(fake.searches).toHaveLength(0);
    await wait(100);
    expect(fake.searches.map((s) => s.query.text)).toEqual(['beach']);
  });

  it('sends one search for the last text when typed quickly', async () => {
    const search = new SearchState();
    for (const text of ['b', 'be', 'bea', 'beach']) {
      search.setText(text);
      await wait(100);
    }
    await wait(300);
    expect(fake.searches.map((s) => s.query.text)).toEqual(['beach']);
  });

  it('shows the results once they arrive and stops looking busy', async () => {
    const search = new SearchState();
    search.setText('dog');
    await wait(300);
    expect(search.busy).toBe(true);
    fake.searches[0]?.resolve(searchResult('dog', [3, 1]));
    await wait(0);
    expect(search.result?.hits.map((h) => h.photo.id)).toEqual([3, 1]);
    expect(search.busy).toBe(false);
  });

  it('drops a late reply to an older query', async () => {
    const search = new SearchState();
    search.setText('dog');
    await wait(300);
    search.setText('cat');
    await wait(300);
    const [dog, cat] = fake.searches;
    cat?.resolve(searchResult('cat', [7]));
    dog?.resolve(searchResult('dog', [3]));
    await wait(0);
    expect(search.result?.query).toBe('cat');
  });

  it('asks again at once, with weak matches, when the user shows them', async () => {
    const search = new SearchState();
    search.setText('dog');
    await wait(300);
    fake.searches[0]?.resolve(searchResult('dog', [3], 4));
    await wait(0);
    search.toggleWeak();
    await wait(0);
    expect(fake.searches[1]?.query).toMatchObject({ text: 'dog', showWeak: true });
  });

  it('empties the results when the query is cleared, even if a search is still on its way', async () => {
    const search = new SearchState();
    search.setText('dog');
    await wait(300);
    search.setText('');
    fake.searches[0]?.resolve(searchResult('dog', [3]));
    await wait(300);
    expect(search.result).toBeNull();
    expect(search.busy).toBe(false);
    expect(fake.searches).toHaveLength(1);
  });

  it('shows why a search failed', async () => {
    const search = new SearchState();
    search.setText('dog');
    await wait(300);
    fake.searches[0]?.reject(apiError('MODEL_NOT_CONFIGURED', 'Choose a model before searching.'));
    await wait(0);
    expect(search.error).toBe('Choose a model before searching.');
    expect(search.result).toBeNull();
  });

  it('searches for photos like the chosen one instead of the typed text', async () => {
    const search = new SearchState();
    search.setText('dog');
    search.moreLike({ ...searchResult('', [9]).hits[0]!.photo });
    await wait(300);
    expect(fake.searches.map((s) => s.query)).toEqual([{ showWeak: false, similarTo: 9 }]);
    expect(search.text).toBe('');
  });

  it('offers "Show more" when a page of results is full, and asks for the next page', async () => {
    const search = new SearchState();
    search.setText('dog');
    await wait(300);
    fake.searches[0]?.resolve(searchResult('dog', Array.from({ length: 60 }, (_, i) => i + 1)));
    await wait(0);
    expect(search.canShowMore).toBe(true);
    search.showMore();
    await wait(0);
    expect(fake.searches[1]?.query).toMatchObject({ text: 'dog', limit: 120 });
  });

  it('narrows the search to a folder straight away', async () => {
    const search = new SearchState();
    search.setText('dog');
    await wait(300);
    search.setFolder('/photos/2021');
    await wait(0);
    expect(fake.searches[1]?.query).toMatchObject({ text: 'dog', folder: '/photos/2021' });
  });
});
