/**
 * Toy albums for the dev harness (no engine): an album's photos are the toy search's hits for its
 * words, the user's labels override them. Dev harness only: never imported by src/.
 */
import type { AlbumSummaryDto, AlbumViewDto } from '../../electron/contract/album-dto.js';
import type { RecollectApi } from '../../electron/contract/api.js';
import type { PhotoDto } from '../../electron/contract/dto.js';

type AlbumApi = Pick<
  RecollectApi,
  'listAlbums' | 'listStarterAlbums' | 'createAlbum' | 'updateAlbum' | 'deleteAlbum' | 'getAlbum' | 'previewAlbum' | 'labelAlbumPhotos' | 'explainAlbumPhoto' | 'categorize'
>;

interface ToyAlbum {
  id: number;
  name: string;
  include: string[];
  exclude: string[];
  labels: Map<number, 'accepted' | 'rejected'>;
}

const THRESHOLD = 0.2;

export function createFakeAlbums(search: RecollectApi['search'], getPhoto: (id: number) => Promise<PhotoDto>, onChange: () => void): AlbumApi {
  const albums: ToyAlbum[] = [];
  let nextId = 1;
  const scores = async (words: string[]) => (await search({ text: words.join(' '), showWeak: true, limit: 1000 })).hits;
  const find = (id: number): ToyAlbum => {
    const a = albums.find((x) => x.id === id);
    if (!a) throw Object.assign(new Error('That album no longer exists.'), { code: 'ALBUM_NOT_FOUND' });
    return a;
  };
  const summary = async (a: ToyAlbum): Promise<AlbumSummaryDto> => {
    const hits = await scores(a.include);
    const members = hits.filter((h) => a.labels.get(h.photo.id) === 'accepted' || (a.labels.get(h.photo.id) !== 'rejected' && h.score >= THRESHOLD)).length;
    const values = [...a.labels.values()];
    return { id: a.id, name: a.name, include: a.include, exclude: a.exclude, members, accepted: values.filter((v) => v === 'accepted').length, rejected: values.filter((v) => v === 'rejected').length };
  };
  const view = async (a: ToyAlbum, all: boolean, limit: number): Promise<AlbumViewDto> => {
    const hits = await scores(a.include);
    const rows = hits
      .map((h) => {
        const label = a.labels.get(h.photo.id);
        const state = label ?? (h.score >= THRESHOLD ? 'suggested' : 'out');
        return { photo: h.photo, score: h.score, probability: state === 'accepted' ? 1 : h.score, state, why: `Score ${h.score.toFixed(2)} vs threshold ${THRESHOLD}.` } as const;
      })
      .filter((r) => all || r.state === 'accepted' || r.state === 'suggested')
      .sort((x, y) => Number(y.state === 'accepted') - Number(x.state === 'accepted') || y.score - x.score);
    return { album: await summary(a), threshold: THRESHOLD, thresholdMethod: 'split', learned: a.labels.size > 0, total: rows.length, offset: 0, photos: rows.slice(0, limit) };
  };
  return {
    listAlbums: async () => Promise.all(albums.map(summary)),
    listStarterAlbums: async () =>
      [
        { id: 'red', name: 'Red things', include: ['red'], exclude: [] },
        { id: 'circles', name: 'Circles', include: ['circle'], exclude: [] },
      ].map((s) => ({ ...s, exists: albums.some((a) => a.name === s.name) })),
    async createAlbum({ name, include, exclude }) {
      if (albums.some((a) => a.name.toLowerCase() === name.trim().toLowerCase())) throw Object.assign(new Error(`An album called "${name}" exists already.`), { code: 'INVALID_ARGUMENT' });
      const a: ToyAlbum = { id: nextId++, name: name.trim(), include, exclude: exclude ?? [], labels: new Map() };
      albums.push(a);
      onChange();
      return summary(a);
    },
    async updateAlbum({ id, name, include, exclude }) {
      const a = find(id);
      if (name !== undefined) a.name = name.trim();
      if (include !== undefined) a.include = include;
      if (exclude !== undefined) a.exclude = exclude;
      return summary(a);
    },
    async deleteAlbum(id) {
      albums.splice(albums.indexOf(find(id)), 1);
      return Promise.all(albums.map(summary));
    },
    getAlbum: async ({ id, all, limit }) => view(find(id), all ?? false, limit ?? 200),
    async previewAlbum({ include, limit }) {
      const hits = (await scores(include)).filter((h) => h.score >= THRESHOLD);
      return { threshold: THRESHOLD, members: hits.length, photos: hits.slice(0, limit ?? 24) };
    },
    async labelAlbumPhotos({ albumId, changes }) {
      const a = find(albumId);
      const previous = changes.map((c) => ({ photoId: c.photoId, label: a.labels.get(c.photoId) ?? null }));
      for (const c of changes) {
        if (c.label === null) a.labels.delete(c.photoId);
        else a.labels.set(c.photoId, c.label);
      }
      return { album: await summary(a), previous };
    },
    async explainAlbumPhoto(albumId, photoId) {
      const a = find(albumId);
      const photo = await getPhoto(photoId);
      const score = (await scores(a.include)).find((h) => h.photo.id === photo.id)?.score ?? 0;
      const label = a.labels.get(photoId) ?? null;
      const member = label === 'accepted' || (label === null && score >= THRESHOLD);
      return { member, text: member ? `Suggested: its score ${score.toFixed(2)} is above ${THRESHOLD}.` : `Not in the album: ${score.toFixed(2)} is below ${THRESHOLD}.`, score, threshold: THRESHOLD, probability: score, learned: a.labels.size > 0, label, closestPrompt: null, closestAccepted: null, closestRejected: null, exclusion: null };
    },
    async categorize({ albumIds, limit }) {
      const chosen = albumIds && albumIds.length > 0 ? albums.filter((a) => albumIds.includes(a.id)) : albums;
      const views = await Promise.all(chosen.map((a) => view(a, false, 1000)));
      const taken = new Set<number>();
      const columns = views.map((v) => {
        const photos = v.photos.filter((p) => !taken.has(p.photo.id));
        photos.forEach((p) => taken.add(p.photo.id));
        return { album: { id: v.album.id, name: v.album.name }, count: photos.length, photos: photos.slice(0, limit ?? 40).map((p) => ({ photo: p.photo, score: p.score, confidence: 0.9 })) };
      });
      return { columns: [...columns, { album: null, count: 0, photos: [] }], minConfidence: 0.6 };
    },
  };
}
