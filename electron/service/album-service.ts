/**
 * The albums domain of the API: albums by id over the AlbumEngine, DTOs out, and an
 * `albumsChanged` event after every write so two windows (or a window and the CLI's next call)
 * show the same albums. Reads answer with the active model (the previous one during a switch).
 */
import type {
  AlbumLabelChangeDto,
  AlbumLabelDto,
  AlbumPhotoDto,
  AlbumSummaryDto,
  AlbumWhyDto,
  CategorizeColumnDto,
} from '../contract/album-dto.js';
import type { RecollectApi } from '../contract/api.js';
import type { AlbumPhoto, AlbumSummary, LabelChange } from '../core/albums/album-engine.js';
import type { AlbumWhy } from '../core/albums/album-why.js';
import { MIN_CONFIDENCE } from '../core/albums/categorize.js';
import { STARTER_ALBUMS } from '../core/albums/starter-albums.js';
import { toPhotoDto } from './photo-dto.js';
import type { ServiceContext } from './service-context.js';

export type AlbumService = Pick<
  RecollectApi,
  | 'listAlbums'
  | 'listStarterAlbums'
  | 'createAlbum'
  | 'updateAlbum'
  | 'deleteAlbum'
  | 'getAlbum'
  | 'previewAlbum'
  | 'labelAlbumPhotos'
  | 'explainAlbumPhoto'
  | 'categorize'
>;

/** Photos an album page or a preview holds unless the caller asks for another number. */
const DEFAULT_PAGE = 200;
const DEFAULT_PREVIEW = 24;
const DEFAULT_COLUMN = 60;

function toSummaryDto(a: AlbumSummary): AlbumSummaryDto {
  return { id: a.id, name: a.name, include: a.include, exclude: a.exclude, members: a.members, accepted: a.accepted, rejected: a.rejected };
}

function toAlbumPhotoDto(p: AlbumPhoto): AlbumPhotoDto {
  return { photo: toPhotoDto(p.photo), score: p.score, probability: p.probability, state: p.state, why: p.why };
}

function toLabelValue(label: AlbumLabelDto): 1 | -1 | null {
  return label === 'accepted' ? 1 : label === 'rejected' ? -1 : null;
}

function toLabelDto(change: LabelChange): AlbumLabelChangeDto {
  return { photoId: change.photoId, label: change.label === 1 ? 'accepted' : change.label === -1 ? 'rejected' : null };
}

function toWhyDto(w: AlbumWhy): AlbumWhyDto {
  return {
    member: w.member,
    text: w.text,
    score: w.score,
    threshold: w.threshold,
    probability: w.probability,
    learned: w.learned,
    label: w.label,
    closestPrompt: w.closestPrompt,
    closestAccepted: w.closestAccepted,
    closestRejected: w.closestRejected,
    exclusion: w.exclusion,
  };
}

export function createAlbumService(ctx: ServiceContext): AlbumService {
  const { core, events } = ctx;
  const { albums } = core;

  return {
    listAlbums: async () => (await albums.list()).map(toSummaryDto),
    async listStarterAlbums() {
      const existing = new Set(core.library.albums.list().map((a) => a.name.toLowerCase()));
      return STARTER_ALBUMS.map((s) => ({ id: s.id, name: s.name, include: [...s.include], exclude: [...s.exclude], exists: existing.has(s.name.toLowerCase()) }));
    },
    async createAlbum({ name, include, exclude }) {
      const album = albums.create(name, include, exclude ?? []);
      events.emit('albumsChanged', { albumId: album.id, reason: 'created' });
      return toSummaryDto(await albums.summary(album.id));
    },
    async updateAlbum({ id, name, include, exclude }) {
      // Prompts first, then the name: both are checked before either is written by the engine,
      // so a refused name never leaves new prompts behind.
      const album = albums.find(id);
      if (name !== undefined && name.trim() !== album.name) albums.checkRename(id, name);
      if (include !== undefined || exclude !== undefined) albums.setPrompts(id, include ?? album.include, exclude ?? album.exclude);
      if (name !== undefined && name.trim() !== album.name) albums.rename(id, name);
      events.emit('albumsChanged', { albumId: id, reason: 'updated' });
      return toSummaryDto(await albums.summary(id));
    },
    async deleteAlbum(id) {
      albums.delete(id);
      events.emit('albumsChanged', { albumId: id, reason: 'deleted' });
      return (await albums.list()).map(toSummaryDto);
    },
    async getAlbum({ id, offset, limit, all }) {
      const view = await albums.show(id, { offset: offset ?? 0, k: limit ?? DEFAULT_PAGE, all: all ?? false });
      return {
        album: toSummaryDto(view.album),
        threshold: view.threshold,
        thresholdMethod: view.thresholdMethod,
        learned: view.learned,
        total: view.total,
        offset: offset ?? 0,
        photos: view.photos.map(toAlbumPhotoDto),
      };
    },
    async previewAlbum({ include, exclude, limit }) {
      const preview = await albums.preview(include, exclude ?? [], limit ?? DEFAULT_PREVIEW);
      return { threshold: preview.threshold, members: preview.members, photos: preview.photos.map((p) => ({ photo: toPhotoDto(p.photo), score: p.score })) };
    },
    async labelAlbumPhotos({ albumId, changes }) {
      const previous = albums.labelById(
        albumId,
        changes.map((c) => ({ photoId: c.photoId, label: toLabelValue(c.label) })),
      );
      events.emit('albumsChanged', { albumId, reason: 'labels' });
      return { album: toSummaryDto(await albums.summary(albumId)), previous: previous.map(toLabelDto) };
    },
    explainAlbumPhoto: async (albumId, photoId) => toWhyDto(await albums.why(albumId, photoId)),
    async categorize({ albumIds, limit }) {
      const result = await albums.categorize(albumIds ?? []);
      const perColumn = limit ?? DEFAULT_COLUMN;
      const buckets = new Map<number | null, typeof result.assignments>();
      for (const a of result.assignments) {
        const bucket = buckets.get(a.album) ?? [];
        bucket.push(a);
        buckets.set(a.album, bucket);
      }
      const keys: (number | null)[] = [...result.albums.keys(), null];
      const columns: CategorizeColumnDto[] = keys.map((key) => {
        const bucket = (buckets.get(key) ?? []).sort((x, y) => y.confidence - x.confidence || y.score - x.score);
        const shown = bucket.slice(0, perColumn);
        const records = core.library.photos.getMany(shown.map((a) => a.photoId));
        const album = key === null ? undefined : result.albums[key];
        return {
          album: album ? { id: album.id, name: album.name } : null,
          count: bucket.length,
          photos: shown.flatMap((a) => {
            const photo = records.get(a.photoId);
            return photo ? [{ photo: toPhotoDto(photo), score: a.score, confidence: a.confidence }] : [];
          }),
        };
      });
      return { columns, minConfidence: MIN_CONFIDENCE };
    },
  };
}
