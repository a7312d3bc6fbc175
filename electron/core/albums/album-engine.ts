/**
 * Albums over one library and the model that answers (the active slot): create, list, show,
 * accept/reject, why, rename, delete, categorize. User data lives in the AlbumStore; classifiers
 * are derived per model and cached here until the prompts, the labels or the library change.
 * Membership is live: photos indexed later are scored like the rest with no action.
 */
import { CoreError } from '../core-error.js';
import type { ClipModel } from '../embed/clip-model.js';
import type { LibraryScope } from '../library-scope.js';
import type { AlbumRecord } from '../store/album-store.js';
import type { PhotoRecord } from '../store/photo-record.js';
import type { VectorStore } from '../store/vector-store.js';
import { AlbumClassifier, type LabelledRow } from './album-classifier.js';
import { checkAlbumName, checkPrompts } from './album-input.js';
import { explainMembership, type AlbumWhy } from './album-why.js';
import { categorizePhotos, type CategorizeResult } from './categorize.js';
import { LibraryMatrix } from './library-matrix.js';
import { embedPromptEnsemble } from './prompt-ensemble.js';

export type AlbumPhotoState = 'accepted' | 'suggested' | 'rejected' | 'excluded' | 'out';

export interface AlbumSummary {
  id: number;
  name: string;
  include: string[];
  exclude: string[];
  members: number;
  accepted: number;
  rejected: number;
}

export interface AlbumPhoto {
  photo: PhotoRecord;
  /** Zero-shot cosine to the album's text vector. */
  score: number;
  /** Probability the classifier gives (probe when labels exist, else the zero-shot rule). */
  probability: number;
  state: AlbumPhotoState;
  why: string;
}

export interface AlbumView {
  album: AlbumSummary;
  threshold: number;
  thresholdMethod: string;
  learned: boolean;
  photos: AlbumPhoto[];
}

interface Cached {
  key: string;
  classifier: AlbumClassifier;
}

export class AlbumEngine {
  private matrixCache: { count: number; modelId: string; matrix: LibraryMatrix } | null = null;
  private readonly classifiers = new Map<number, Cached>();

  /**
   * `scorer` gives the model that answers and its vectors; it rejects (MODEL_NOT_CONFIGURED) while
   * no model is chosen: albums can be created and labelled before that, scored only after.
   */
  constructor(
    private readonly library: LibraryScope,
    private readonly scorer: () => Promise<{ model: ClipModel; vectors: VectorStore }>,
  ) {}

  create(name: string, include: readonly string[], exclude: readonly string[] = []): AlbumRecord {
    const cleanName = checkAlbumName(name);
    const prompts = checkPrompts(include, exclude);
    if (this.library.albums.findByName(cleanName)) {
      throw new CoreError('INVALID_ARGUMENT', `An album called "${cleanName}" exists already. Choose another name, or add prompts to that one.`);
    }
    return this.library.albums.create({ name: cleanName, ...prompts });
  }

  find(name: string): AlbumRecord {
    const album = this.library.albums.findByName(name.trim());
    if (!album) {
      const names = this.library.albums.list().map((a) => `"${a.name}"`);
      throw new CoreError('ALBUM_NOT_FOUND', `No album called "${name}".${names.length > 0 ? ` Albums: ${names.join(', ')}.` : ' Create one first.'}`);
    }
    return album;
  }

  rename(name: string, newName: string): AlbumRecord {
    const album = this.find(name);
    const clean = checkAlbumName(newName);
    const clash = this.library.albums.findByName(clean);
    if (clash && clash.id !== album.id) throw new CoreError('INVALID_ARGUMENT', `An album called "${clean}" exists already.`);
    this.library.albums.rename(album.id, clean);
    return this.find(clean);
  }

  delete(name: string): void {
    const album = this.find(name);
    this.library.albums.delete(album.id);
    this.classifiers.delete(album.id);
  }

  async list(): Promise<AlbumSummary[]> {
    const counts = this.library.albums.labelCountsById();
    const out: AlbumSummary[] = [];
    for (const album of this.library.albums.list()) {
      const members = countMembers(await this.classifier(album));
      const c = counts.get(album.id) ?? { accepted: 0, rejected: 0 };
      out.push({ id: album.id, name: album.name, include: album.include, exclude: album.exclude, members, ...c });
    }
    return out;
  }

  /** Members (accepted first, then by probability), or with `all` every photo, scored. */
  async show(name: string, options: { k?: number; all?: boolean } = {}): Promise<AlbumView> {
    const album = this.find(name);
    const classifier = await this.classifier(album);
    const matrix = await this.matrix();
    const rows: number[] = [];
    for (let r = 0; r < matrix.rows; r++) if (options.all || classifier.isMember(r)) rows.push(r);
    const rank = (r: number): number => (classifier.labelOf.get(r) === 1 ? 2 : 0) + classifier.probability(r);
    rows.sort((a, b) => rank(b) - rank(a) || (classifier.zeroShot[b] ?? 0) - (classifier.zeroShot[a] ?? 0));
    const shown = options.k !== undefined ? rows.slice(0, options.k) : rows;
    const photos = this.library.photos.getMany(shown.map((r) => matrix.ids[r] ?? 0));
    // This album's counts only: list() would score every album in the library.
    const members = countMembers(classifier);
    const counts = this.library.albums.labelCountsById().get(album.id) ?? { accepted: 0, rejected: 0 };
    return {
      album: { id: album.id, name: album.name, include: album.include, exclude: album.exclude, members, ...counts },
      threshold: classifier.effectiveThreshold(),
      thresholdMethod: classifier.threshold.method,
      learned: classifier.probe !== null,
      photos: shown.flatMap((r) => {
        const photo = photos.get(matrix.ids[r] ?? 0);
        if (!photo) return [];
        const why = explainMembership(album, classifier, matrix, r, (id) => this.library.photos.get(id)?.path);
        return [{ photo, score: classifier.zeroShot[r] ?? 0, probability: classifier.probability(r), state: stateOf(classifier, r), why: why.text }];
      }),
    };
  }

  /** Labels photos (by path) in one transaction: all of them or, on an unknown photo, none. */
  label(name: string, paths: readonly string[], label: 1 | -1 | null): { changed: number } {
    const album = this.find(name);
    const photos = paths.map((p) => {
      const photo = this.library.photos.getByPath(p);
      if (!photo || photo.status !== 'indexed' || !photo.contentHash) {
        throw new CoreError('PHOTO_NOT_FOUND', `${p} is not an indexed photo of the library: nothing was changed. Index its folder first.`);
      }
      return photo;
    });
    this.library.albums.setLabels(
      album.id,
      photos.map((p) => ({ contentHash: p.contentHash ?? '', path: p.path, label })),
    );
    this.classifiers.delete(album.id);
    return { changed: photos.length };
  }

  async why(name: string, photoPath: string): Promise<AlbumWhy & { photo: PhotoRecord }> {
    const album = this.find(name);
    const photo = this.library.photos.getByPath(photoPath);
    if (!photo) throw new CoreError('PHOTO_NOT_FOUND', `${photoPath} is not in the library. Index its folder first.`);
    const matrix = await this.matrix();
    const row = matrix.row(photo.id);
    if (row === undefined) throw new CoreError('PHOTO_NOT_FOUND', `${photoPath} is not indexed with the current model yet.`);
    const classifier = await this.classifier(album);
    return { ...explainMembership(album, classifier, matrix, row, (id) => this.library.photos.get(id)?.path), photo };
  }

  async categorize(names: readonly string[]): Promise<CategorizeResult & { albums: AlbumRecord[] }> {
    const albums = names.length > 0 ? names.map((n) => this.find(n)) : this.library.albums.list();
    if (albums.length === 0) throw new CoreError('ALBUM_NOT_FOUND', 'There are no albums to sort into yet. Create some first: recollect album create "<name>" --prompt "<words>"');
    const classifiers = await Promise.all(albums.map((a) => this.classifier(a)));
    return { ...categorizePhotos(classifiers, await this.matrix()), albums };
  }

  private async matrix(): Promise<LibraryMatrix> {
    const { model, vectors } = await this.scorer();
    const count = vectors.count();
    // A model switch or new photos make every cached classifier stale.
    if (!this.matrixCache || this.matrixCache.count !== count || this.matrixCache.modelId !== model.id) {
      this.matrixCache = { count, modelId: model.id, matrix: LibraryMatrix.load(vectors) };
      this.classifiers.clear();
    }
    return this.matrixCache.matrix;
  }

  private async classifier(album: AlbumRecord): Promise<AlbumClassifier> {
    const matrix = await this.matrix();
    const labels = this.library.albums.labels(album.id);
    const key = JSON.stringify([album.include, album.exclude, labels.map((l) => [l.contentHash, l.label])]);
    const cached = this.classifiers.get(album.id);
    if (cached && cached.key === key) return cached.classifier;
    const { model } = await this.scorer();
    const text = await embedPromptEnsemble(model, album.include);
    const exclusions = album.exclude.length > 0 ? (await embedPromptEnsemble(model, album.exclude)).perPrompt : [];
    const labelled: LabelledRow[] = [];
    for (const l of labels) {
      for (const photo of this.library.photos.findByHash(l.contentHash)) {
        const row = matrix.row(photo.id);
        if (row !== undefined) labelled.push({ row, label: l.label });
      }
    }
    const classifier = new AlbumClassifier({ text, exclusions, matrix, labels: labelled });
    this.classifiers.set(album.id, { key, classifier });
    return classifier;
  }
}

function countMembers(c: AlbumClassifier): number {
  let n = 0;
  for (let r = 0; r < c.zeroShot.length; r++) if (c.isMember(r)) n++;
  return n;
}

function stateOf(c: AlbumClassifier, row: number): AlbumPhotoState {
  const label = c.labelOf.get(row);
  if (label === 1) return 'accepted';
  if (label === -1) return 'rejected';
  if (c.exclusionOf(row) >= 0) return 'excluded';
  return c.isMember(row) ? 'suggested' : 'out';
}
