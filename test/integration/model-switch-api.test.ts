/**
 * Switching models without losing search (issue 12, item 4), through the API the app uses, with
 * two real models over a real library: the fixture model (A) and a second one generated from it
 * (B, test/helpers/second-model.ts; nothing from ../shared is needed).
 * What a user would notice: every search during the re-embed is answered, in full, by A (the
 * same answer a library that only ever knew A gives) and says so; the progress counts up for B;
 * at the end B answers (the same answer a B-only library gives); switching back is instant and
 * decodes nothing; a restart mid re-embed goes on without redoing finished photos; albums follow
 * the active model and keep their labels.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexStateDto, LibraryChangedDto, SearchResultDto } from '../../electron/contract/dto.js';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';
import type { ModelLoader } from '../../electron/core/model-slot.js';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { chooseScenes, writeScenes } from '../helpers/render-scenes.js';
import { writeSecondModel } from '../helpers/second-model.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

const A = FIXTURE_MODEL_DIR;
const PHOTOS = 24;
const QUERY = { text: 'a red circle', showWeak: true, limit: 100 } as const;
const PROMPTS = ['red things'];

/** Images each model folder embedded in one service's life, and B slowed so searches land mid re-embed. */
function countingLoader(slowDir: string | null): { load: ModelLoader; images: Map<string, number> } {
  const images = new Map<string, number>();
  const load: ModelLoader = async (dir, options, logger) => {
    const model = await loadClipModel(dir, options, logger);
    const encode = model.encodeImages.bind(model);
    model.encodeImages = async (pixels) => {
      images.set(dir, (images.get(dir) ?? 0) + pixels.length);
      if (dir === slowDir) await new Promise((r) => setTimeout(r, 60));
      return encode(pixels);
    };
    return model;
  };
  return { load, images };
}

function settled(service: ApiService): Promise<void> {
  return service.indexing.settle();
}

/** path -> score of every hit, the part of an answer that depends on the model. */
const scoresOf = (r: SearchResultDto): Map<string, number> => new Map(r.hits.map((h) => [h.photo.path, h.score]));

function expectSameScores(actual: Map<string, number>, expected: Map<string, number>, what: string): void {
  expect([...actual.keys()].sort(), what).toEqual([...expected.keys()].sort());
  for (const [p, score] of expected) expect(actual.get(p), `${what}: ${p}`).toBeCloseTo(score, 5);
}

describe('switching models through the API', () => {
  let tmp: string;
  let photos: string;
  let B: string;
  /** What a library that only ever knew one model answers: the reference for each model. */
  const reference = new Map<string, { search: Map<string, number>; album: Map<string, number> }>();
  const open = (name: string, loader?: ModelLoader, modelDir?: string): ApiService =>
    createApiService({
      libraryFile: path.join(tmp, name, 'library.db'),
      cacheDir: path.join(tmp, name, 'cache'),
      host: browserHostAdapter,
      modelDir,
      loadModel: loader,
      batchSize: 2,
      decodeConcurrency: 1,
    });
  const albumScores = async (service: ApiService, id: number): Promise<Map<string, number>> =>
    new Map((await service.getAlbum({ id, all: true, limit: 100 })).photos.map((p) => [p.photo.path, p.score]));

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-switch-api-'));
    photos = path.join(tmp, 'Photos');
    const [red, other] = chooseScenes(
      [
        { count: 8, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === 'red' },
        { count: PHOTOS - 8, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour !== 'red' },
      ],
      4_200_000,
    );
    await writeScenes(photos, [...(red ?? []), ...(other ?? [])]);
    B = await writeSecondModel(path.join(tmp, 'models', 'shapes-b'));
    for (const [name, dir] of [['ref-a', A], ['ref-b', B]] as const) {
      const ref = open(name, undefined, dir);
      await ref.addFolder(photos);
      await settled(ref);
      const album = await ref.createAlbum({ name: 'Red', include: PROMPTS });
      reference.set(dir, { search: scoresOf(await ref.search(QUERY)), album: await albumScores(ref, album.id) });
      await ref.close();
    }
  }, 180_000);
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('the two models really disagree (otherwise nothing below could tell them apart)', () => {
    const a = reference.get(A)?.search;
    const b = reference.get(B)?.search;
    const p = [...(a?.keys() ?? [])][0] ?? '';
    expect(Math.abs((a?.get(p) ?? 0) - (b?.get(p) ?? 0))).toBeGreaterThan(1e-3);
  });

  it('search answers from A throughout the re-embed, B takes over at the end, albums follow, and switching back is instant', async () => {
    const { load, images } = countingLoader(B);
    const service = open('main', load);
    try {
      await service.setModel({ dir: A, device: 'cpu' });
      await service.addFolder(photos);
      await settled(service);
      const album = await service.createAlbum({ name: 'Red', include: PROMPTS });
      const labelled = [...(reference.get(A)?.album.keys() ?? [])][PHOTOS - 1] ?? '';
      const labelledId = (await service.getAlbum({ id: album.id, all: true, limit: 100 })).photos.find((p) => p.photo.path === labelled)?.photo.id ?? 0;
      await service.labelAlbumPhotos({ albumId: album.id, changes: [{ photoId: labelledId, label: 'accepted' }] });
      expectSameScores(await albumScores(service, album.id), reference.get(A)?.album ?? new Map(), 'album before the switch');

      const progress: NonNullable<IndexStateDto['switching']>[] = [];
      const changed: LibraryChangedDto[] = [];
      service.events.on('indexProgress', (s) => void (s.switching && progress.push(s.switching)));
      service.events.on('libraryChanged', (c) => changed.push(c));

      const chosen = await service.setModel({ dir: B, device: 'cpu' });
      expect(chosen.model).toMatchObject({ dir: A, pending: { dir: B, done: 0, total: PHOTOS } });

      // Ask again and again while B is filled: what answered, and how far B was at that moment.
      const answers: { result: SearchResultDto; pendingDone: number | null }[] = [];
      for (let i = 0; i < 500; i++) {
        const status = await service.getStatus();
        const result = await service.search(QUERY);
        answers.push({ result, pendingDone: status.model?.pending?.done ?? null });
        if (status.model?.dir === B && !status.index.running) break;
        await new Promise((r) => setTimeout(r, 15));
      }
      const byA = answers.filter((a) => a.result.answeredBy.dir === A);
      const byB = answers.filter((a) => a.result.answeredBy.dir === B);
      expect(byA.length + byB.length).toBe(answers.length);
      // A first, then B: never back and forth.
      expect(answers.findIndex((a) => a.result.answeredBy.dir === B)).toBe(byA.length);
      expect(byA.some((a) => a.pendingDone !== null && a.pendingDone > 0 && a.pendingDone < PHOTOS), 'a search landed mid re-embed').toBe(true);
      for (const a of byA) expectSameScores(scoresOf(a.result), reference.get(A)?.search ?? new Map(), 'answered by A');
      for (const b of byB) expectSameScores(scoresOf(b.result), reference.get(B)?.search ?? new Map(), 'answered by B');
      expect(byB.length).toBeGreaterThan(0);

      // The bar counted up for B to the whole library, and the switch was announced.
      const done = progress.map((p) => p.done ?? 0);
      expect(done).toEqual([...done].sort((x, y) => x - y));
      expect(Math.max(...done)).toBe(PHOTOS);
      expect(progress.every((p) => p.dir === B && p.total === PHOTOS)).toBe(true);
      expect(changed).toContainEqual({ reason: 'model' });
      expect(images.get(B)).toBe(PHOTOS);
      const after = await service.getStatus();
      expect(after.model).toMatchObject({ dir: B, pending: null });
      expect(after.index.switching ?? null).toBeNull();

      // Albums follow the active model; the label (user data) is still there.
      expectSameScores(await albumScores(service, album.id), reference.get(B)?.album ?? new Map(), 'album after the switch');
      const view = await service.getAlbum({ id: album.id, all: true, limit: 100 });
      expect(view.album.accepted).toBe(1);
      expect(view.photos.find((p) => p.photo.id === labelledId)?.state).toBe('accepted');

      // Back to A: its vectors are complete, so it answers at once and no photo is embedded again.
      const aImages = images.get(A);
      const back = await service.setModel({ dir: A, device: 'cpu' });
      expect(back.model).toMatchObject({ dir: A, pending: null });
      expect((await service.search(QUERY)).answeredBy.dir).toBe(A);
      await settled(service);
      expect(images.get(A)).toBe(aImages);
      expectSameScores(scoresOf(await service.search(QUERY)), reference.get(A)?.search ?? new Map(), 'back on A');
      expect((await service.getAlbum({ id: album.id, all: true, limit: 100 })).album.accepted).toBe(1);
    } finally {
      await service.close();
    }
  }, 180_000);

  it('a restart mid re-embed goes on where it stopped: finished photos are not embedded again', async () => {
    const first = countingLoader(B);
    let service = open('restart', first.load);
    let doneAtStop = 0;
    try {
      await service.setModel({ dir: A, device: 'cpu' });
      await service.addFolder(photos);
      await settled(service);
      await new Promise<void>((resolve) => {
        const off = service.events.on('indexProgress', (s) => {
          if ((s.switching?.done ?? 0) >= 4) {
            off();
            void service.pauseIndexing().then(() => resolve());
          }
        });
        void service.setModel({ dir: B, device: 'cpu' });
      });
      await settled(service);
      const paused = await service.getStatus();
      doneAtStop = paused.model?.pending?.done ?? -1;
      expect(doneAtStop).toBeGreaterThanOrEqual(4);
      expect(doneAtStop).toBeLessThan(PHOTOS);
      expect(paused.model?.dir).toBe(A);
    } finally {
      await service.close();
    }

    const second = countingLoader(null);
    service = open('restart', second.load);
    try {
      // The pending model loads in the background after a restart; status then says how far it got.
      await expect.poll(async () => (await service.getStatus()).model?.pending?.done, { timeout: 30_000 }).toBe(doneAtStop);
      expect((await service.getStatus()).model?.dir).toBe(A);
      expect((await service.search(QUERY)).answeredBy.dir).toBe(A);
      await service.resumeIndexing();
      await settled(service);
      expect(second.images.get(B)).toBe(PHOTOS - doneAtStop);
      expect((await service.getStatus()).model).toMatchObject({ dir: B, pending: null });
      expectSameScores(scoresOf(await service.search(QUERY)), reference.get(B)?.search ?? new Map(), 'after the resumed switch');
    } finally {
      await service.close();
    }
  }, 180_000);
});
