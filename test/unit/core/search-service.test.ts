/**
 * SearchService built directly over real stores and a fake model: ranking, the relevance cut-off,
 * negative terms, filters and "more like this".
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchService } from '../../../electron/core/search/search-service.js';
import { createFakeModel } from '../../helpers/fake-model.js';
import { indexerOver, tempLibrary, type TempLibrary } from '../../helpers/fake-library.js';
import { writeColourPhotos } from '../../helpers/simple-photos.js';

const colourOf = (p: string): string => path.basename(p).split('-')[0] ?? '';

describe('SearchService over a fake model', () => {
  let lib: TempLibrary;
  let service: SearchService;
  let photos: string;

  beforeAll(async () => {
    lib = await tempLibrary('recollect-search-');
    photos = path.join(lib.dir, 'Photos');
    await writeColourPhotos(path.join(photos, 'a'), { red: 4, green: 10 });
    await writeColourPhotos(path.join(photos, 'b'), { red: 2, blue: 10 });
    const model = createFakeModel();
    const { indexer, vectors } = indexerOver(lib.scope, model);
    await indexer.index([photos]);
    service = new SearchService(model, lib.scope.photos, vectors);
  });
  afterAll(async () => lib.cleanup());

  it('ranks the photos that match first and hides the rest behind the cut-off', async () => {
    const result = await service.searchText('red');
    expect(result.hits.map((h) => colourOf(h.photo.path))).toEqual(Array(6).fill('red'));
    expect(result.cutoff).not.toBeNull();
    // Green and blue photos do not lean towards "red" at all: no weaker matches to count.
    expect(result.hidden).toBe(0);
    const all = await service.searchText('red', { all: true, k: 100 });
    expect(all.hits).toHaveLength(26);
  });

  it('a folder filter keeps only photos under that folder', async () => {
    const result = await service.searchText('red', { folder: path.join(photos, 'b') });
    expect(result.hits.map((h) => h.photo.path.startsWith(path.join(photos, 'b') + path.sep))).toEqual([true, true]);
  });

  it('a negative term removes what matches it', async () => {
    const plain = await service.searchText('red green', { all: true, k: 100 });
    const minus = await service.searchText('red green -green', { all: true, k: 100 });
    expect(plain.hits.some((h) => colourOf(h.photo.path) === 'green')).toBe(true);
    expect(minus.hits.some((h) => colourOf(h.photo.path) === 'green')).toBe(false);
    expect(minus.hits.length).toBeLessThan(plain.hits.length);
  });

  it('"more like this" finds photos of the same colour and leaves out the example', async () => {
    const example = (await service.searchText('blue')).hits[0]?.photo;
    const similar = service.similar(example?.id ?? 0, { all: true, k: 5 });
    expect(similar.hits.map((h) => colourOf(h.photo.path))).toEqual(Array(5).fill('blue'));
    expect(similar.hits.some((h) => h.photo.id === example?.id)).toBe(false);
  });

  it('says how many photos each negative term removed, also when it removed none', async () => {
    const result = await service.searchText('red green -green -blue', { all: true, k: 100 });
    expect(result.negatives.map((n) => n.term)).toEqual(['green', 'blue']);
    expect(result.negatives[0]?.removed).toBe(10);
    const none = await service.searchText('red -blue');
    expect(none.negatives).toEqual([{ term: 'blue', removed: 0 }]);
  });

  it('refuses a query with only negative terms, in words', async () => {
    await expect(service.searchText('-red')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('an English-only model answers a Chinese query with a note saying so; an English query gets none', async () => {
    const englishModel = createFakeModel({ languages: ['en'] });
    const english = new SearchService(englishModel, lib.scope.photos, lib.scope.vectorsFor(englishModel));
    const cjk = await english.searchText('红色 red');
    expect(cjk.notes?.map((n) => n.code)).toEqual(['query-language-unsupported']);
    expect(cjk.hits.length).toBeGreaterThan(0); // still answered: the note explains, it does not refuse
    expect((await english.searchText('red')).notes).toBeUndefined();
    const bilingualModel = createFakeModel({ languages: ['zh', 'en'] });
    const bilingual = new SearchService(bilingualModel, lib.scope.photos, lib.scope.vectorsFor(bilingualModel));
    expect((await bilingual.searchText('红色 red')).notes).toBeUndefined();
  });
});
