/**
 * Albums through the RecollectApi (what both hosts serve), over a real engine and the fixture
 * model on rendered photos: albums before any model is chosen, create / preview / show, a
 * correction and its undo, Why, categorize, the event two windows agree by, and bad input that
 * writes nothing.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlbumsChangedDto } from '../../electron/contract/album-dto.js';
import type { IndexStateDto } from '../../electron/contract/dto.js';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { parseApiArgs } from '../../electron/validation/parse-api-args.js';
import { chooseScenes, writeScenes, type WrittenScene } from '../helpers/render-scenes.js';
import { FIXTURE_MODEL_DIR } from '../helpers/test-model.js';

function waitFor(service: ApiService, pred: (s: IndexStateDto) => boolean, timeoutMs = 120_000): Promise<IndexStateDto> {
  return new Promise((resolve, reject) => {
    const check = (s: IndexStateDto) => {
      if (!pred(s)) return;
      off();
      clearTimeout(timer);
      resolve(s);
    };
    const off = service.events.on('indexProgress', check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out; last state ${JSON.stringify(service.indexing.getState())}`));
    }, timeoutMs);
    check(service.indexing.getState());
  });
}

describe('albums through the API (fixture model)', () => {
  let tmp: string;
  let photosDir: string;
  let libraryFile: string;
  let scenes: WrittenScene[];
  let service: ApiService;
  const changes: AlbumsChangedDto[] = [];

  const open = (withModel: boolean): ApiService =>
    createApiService({
      libraryFile,
      cacheDir: path.join(tmp, 'cache'),
      host: browserHostAdapter,
      modelDir: withModel ? FIXTURE_MODEL_DIR : undefined,
    });

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-album-api-'));
    photosDir = path.join(tmp, 'Photos');
    libraryFile = path.join(tmp, 'library.db');
    const [red, other] = chooseScenes(
      [
        { count: 20, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour === 'red' },
        { count: 40, accept: (s) => s.objects.length === 1 && s.objects[0]?.colour !== 'red' },
      ],
      8_100_000,
    );
    scenes = await writeScenes(photosDir, [...(red ?? []), ...(other ?? [])]);
  }, 120_000);
  afterAll(async () => {
    await service.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('albums exist before any model is chosen: listed with no count, filled later', async () => {
    service = open(false);
    const album = await service.createAlbum({ name: 'Red things', include: ['red things'] });
    expect(album).toMatchObject({ name: 'Red things', members: null, accepted: 0, rejected: 0 });
    expect(await service.listAlbums()).toEqual([album]);
    await expect(service.getAlbum({ id: album.id })).rejects.toMatchObject({ code: 'MODEL_NOT_CONFIGURED' });
    await expect(service.previewAlbum({ include: ['red things'] })).rejects.toMatchObject({ code: 'MODEL_NOT_CONFIGURED' });
    await service.close();

    service = open(true);
    service.events.on('albumsChanged', (c) => changes.push(c));
    await service.addFolder(photosDir);
    await waitFor(service, (s) => s.phase === 'done');
    const [filled] = await service.listAlbums();
    expect(filled?.members).toBeGreaterThan(0);
  }, 180_000);

  it('the preview of the words is what the album then holds; show lists members by score', async () => {
    const preview = await service.previewAlbum({ include: ['red things'], limit: 100 });
    const [album] = await service.listAlbums();
    const view = await service.getAlbum({ id: album?.id ?? 0 });
    expect(preview.members).toBe(view.total);
    expect(new Set(preview.photos.map((p) => p.photo.id))).toEqual(new Set(view.photos.map((p) => p.photo.id)));
    const redPaths = new Set(scenes.filter((s) => s.objects[0]?.colour === 'red').map((s) => s.path));
    const hits = view.photos.filter((p) => redPaths.has(p.photo.path)).length;
    expect(hits / view.photos.length).toBeGreaterThanOrEqual(0.9);
    expect(view.photos.every((p) => p.state === 'suggested')).toBe(true);
    const scores = view.photos.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(view.threshold).toBeGreaterThan(0);
  });

  it('a rejection takes the photo out at once, says why, and its undo brings it back', async () => {
    const [album] = await service.listAlbums();
    const id = album?.id ?? 0;
    const before = await service.getAlbum({ id });
    const victim = before.photos[0]?.photo.id ?? 0;
    changes.length = 0;
    const result = await service.labelAlbumPhotos({ albumId: id, changes: [{ photoId: victim, label: 'rejected' }] });
    expect(result.previous).toEqual([{ photoId: victim, label: null }]);
    expect(result.album.rejected).toBe(1);
    expect(changes).toEqual([{ albumId: id, reason: 'labels' }]);
    const after = await service.getAlbum({ id });
    expect(after.photos.some((p) => p.photo.id === victim)).toBe(false);
    const why = await service.explainAlbumPhoto(id, victim);
    expect(why).toMatchObject({ member: false, label: 'rejected' });
    expect(why.text).toMatch(/You rejected/);

    const undone = await service.labelAlbumPhotos({ albumId: id, changes: result.previous });
    expect(undone.album.rejected).toBe(0);
    const back = await service.getAlbum({ id });
    expect(back.photos.map((p) => p.photo.id)).toEqual(before.photos.map((p) => p.photo.id));
  });

  it('an accepted photo comes first and stays whatever its score', async () => {
    const [album] = await service.listAlbums();
    const id = album?.id ?? 0;
    const outsider = (await service.getAlbum({ id, all: true, limit: 1000 })).photos.find((p) => p.state === 'out');
    expect(outsider).toBeDefined();
    const before = await service.getAlbum({ id });
    await service.labelAlbumPhotos({ albumId: id, changes: [{ photoId: outsider?.photo.id ?? 0, label: 'accepted' }] });
    const view = await service.getAlbum({ id });
    expect(view.photos[0]).toMatchObject({ state: 'accepted', photo: { id: outsider?.photo.id } });
    expect(view.learned).toBe(true);
    // "These too" adds; it does not take out what the words found (no rejection said so).
    const now = new Set(view.photos.map((p) => p.photo.id));
    expect(before.photos.filter((p) => !now.has(p.photo.id)).map((p) => p.photo.path)).toEqual([]);
    await service.labelAlbumPhotos({ albumId: id, changes: [{ photoId: outsider?.photo.id ?? 0, label: null }] });
  });

  it('categorize puts every photo in exactly one column, Unsorted last', async () => {
    await service.createAlbum({ name: 'Circles', include: ['a circle'] });
    await service.createAlbum({ name: 'Squares', include: ['a square'] });
    const result = await service.categorize({ limit: 5 });
    expect(result.columns.map((c) => c.album?.name ?? null)).toEqual(['Circles', 'Red things', 'Squares', null]);
    expect(result.columns.reduce((n, c) => n + c.count, 0)).toBe(scenes.length);
    for (const c of result.columns) expect(c.photos.length).toBe(Math.min(5, c.count));
    const circles = result.columns[0];
    const circlePaths = new Set(scenes.filter((s) => s.objects[0]?.shape === 'circle').map((s) => s.path));
    expect(circles?.photos.every((p) => circlePaths.has(p.photo.path) && p.confidence >= result.minConfidence)).toBe(true);
  });

  it('bad input gets words and writes nothing', async () => {
    const before = await service.listAlbums();
    await expect(service.createAlbum({ name: 'red THINGS', include: ['x'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /exists already/ });
    await expect(service.createAlbum({ name: 'Long', include: ['x'.repeat(2000)] })).rejects.toMatchObject({ message: /at most 300 characters/ });
    await expect(service.createAlbum({ name: 'Empty', include: ['  '] })).rejects.toMatchObject({ message: /empty/ });
    await expect(service.createAlbum({ name: '', include: ['a cat'] })).rejects.toMatchObject({ message: /needs a name/ });
    const circles = before.find((a) => a.name === 'Circles');
    // A refused rename leaves the new prompts unwritten too.
    await expect(service.updateAlbum({ id: circles?.id ?? 0, name: 'Squares', include: ['a triangle'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const known = (await service.getAlbum({ id: circles?.id ?? 0 })).photos[0]?.photo.id ?? 0;
    await expect(
      service.labelAlbumPhotos({ albumId: circles?.id ?? 0, changes: [{ photoId: known, label: 'rejected' }, { photoId: 999_999, label: 'rejected' }] }),
    ).rejects.toMatchObject({ code: 'PHOTO_NOT_FOUND', message: /nothing was changed/ });
    await expect(service.getAlbum({ id: 424_242 })).rejects.toMatchObject({ code: 'ALBUM_NOT_FOUND' });
    expect(await service.listAlbums()).toEqual(before);
    // The hosts refuse malformed payloads before the engine sees them.
    expect(() => parseApiArgs('labelAlbumPhotos', [{ albumId: 1, changes: [] }])).toThrow();
    expect(() => parseApiArgs('labelAlbumPhotos', [{ albumId: 1, changes: [{ photoId: 1, label: 'maybe' }] }])).toThrow();
    expect(() => parseApiArgs('createAlbum', [{ name: 'A', include: ['a'], extra: 1 }])).toThrow();
    expect(() => parseApiArgs('createAlbum', [{ name: 'A', include: ['a'.repeat(20_000)] }])).toThrow();
  });

  it('rename and new prompts keep the labels; delete forgets the album only', async () => {
    const circles = (await service.listAlbums()).find((a) => a.name === 'Circles');
    const id = circles?.id ?? 0;
    const member = (await service.getAlbum({ id })).photos[0]?.photo.id ?? 0;
    await service.labelAlbumPhotos({ albumId: id, changes: [{ photoId: member, label: 'accepted' }] });
    const updated = await service.updateAlbum({ id, name: 'Round things', include: ['a circle', 'a round shape'] });
    expect(updated).toMatchObject({ id, name: 'Round things', include: ['a circle', 'a round shape'], accepted: 1 });
    changes.length = 0;
    const left = await service.deleteAlbum(id);
    expect(left.map((a) => a.name)).toEqual(['Red things', 'Squares']);
    expect(changes).toEqual([{ albumId: id, reason: 'deleted' }]);
    expect((await fs.readdir(photosDir)).length).toBe(scenes.length);
  });
});
