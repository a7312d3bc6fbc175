import { beforeEach, describe, expect, it } from 'vitest';
import { apiError, photo } from '../../helpers/fake-api.js';
import { installFakeApi } from './install-fake-api.js';

const fake = installFakeApi();
const { LibraryState, PAGE_SIZE } = await import('../../../renderer/src/lib/state/library-state.svelte.js');

/** Lets the fake's answers (already settled promises) reach the state. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** `count` photos, newest first as listPhotos returns them; ids 1..count. */
function fill(count: number, folder = '/photos'): void {
  fake.photos = [...fake.photos, ...Array.from({ length: count }, (_, i) => photo(fake.photos.length + i + 1, folder))];
}

describe('LibraryState', () => {
  beforeEach(() => fake.reset());

  it('loads the first page and knows how many photos there are', async () => {
    fill(450);
    const library = new LibraryState();
    library.ensureRange(0, 1);
    await settle();
    expect(library.ready).toBe(true);
    expect(library.total).toBe(450);
    expect(library.photoAt(0)?.id).toBe(1);
    expect(library.photoAt(PAGE_SIZE)).toBeNull();
  });

  it('fetches only the pages scrolled into view, once each', async () => {
    fill(450);
    const library = new LibraryState();
    library.ensureRange(0, 50);
    await settle();
    library.ensureRange(410, 430);
    library.ensureRange(420, 440);
    await settle();
    expect(fake.argsOf('listPhotos')).toEqual([[{ offset: 0, limit: PAGE_SIZE }], [{ offset: 400, limit: PAGE_SIZE }]]);
    expect(library.photoAt(420)?.id).toBe(421);
  });

  it('shows only the chosen folder, starting again from the top', async () => {
    fill(3, '/photos/a');
    fill(2, '/photos/b');
    const library = new LibraryState();
    library.ensureRange(0, 10);
    await settle();
    library.selectFolder('/photos/b');
    await settle();
    expect(library.total).toBe(2);
    expect([library.photoAt(0)?.folder, library.photoAt(1)?.folder]).toEqual(['/photos/b', '/photos/b']);
  });

  it('ignores a page that arrives after the user picked another folder', async () => {
    fill(3, '/photos/a');
    fill(2, '/photos/b');
    const library = new LibraryState();
    let releaseAll: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (releaseAll = resolve));
    fake.handle('listPhotos', async ({ offset, limit, folder }) => {
      if (folder === undefined) await gate;
      const matching = fake.photos.filter((p) => folder === undefined || p.folder === folder);
      return { total: matching.length, offset, photos: matching.slice(offset, offset + limit) };
    });
    library.ensureRange(0, 10);
    library.selectFolder('/photos/b');
    await settle();
    releaseAll();
    await settle();
    expect(library.total).toBe(2);
    expect(library.photoAt(0)?.folder).toBe('/photos/b');
  });

  it('falls back to all photos when the shown folder is removed', async () => {
    fill(2, '/photos/a');
    const library = new LibraryState();
    library.selectFolder('/photos/a');
    library.setFolders([]);
    expect(library.folder).toBeNull();
  });

  it('keeps the photos on screen while a refresh re-reads them, then shows the new ones', async () => {
    fill(2);
    const library = new LibraryState();
    library.ensureRange(0, 10);
    await settle();
    fill(1);
    const refreshing = library.refresh();
    expect(library.total).toBe(2);
    await refreshing;
    expect(library.total).toBe(3);
  });

  it('says why the photos could not be read', async () => {
    fake.handle('listPhotos', async () => {
      throw apiError('LIBRARY_CORRUPT', 'The library file is damaged.');
    });
    const library = new LibraryState();
    library.ensureRange(0, 1);
    await settle();
    expect(library.error).toBe('The library file is damaged.');
  });

  it('walks into a page not loaded yet when the viewer asks for the next photo', async () => {
    fill(450);
    const library = new LibraryState();
    library.ensureRange(0, 1);
    await settle();
    expect((await library.fetchPhotoAt(400))?.id).toBe(401);
    expect(await library.fetchPhotoAt(450)).toBeNull();
  });
});
