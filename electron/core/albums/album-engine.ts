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
import { AlbumClassifier, type LabelledRow, type ZeroShotPart } from './album-classifier.js';
import { checkAlbumName, checkPrompts } from './album-input.js';
import { explainMembership, type AlbumWhy } from './album-why.js';
import { categorizePhotos, type CategorizeResult } from './categorize.js';
import { LibraryMatrix } from './library-matrix.js';
import { embedPromptEnsemble, type EnsembleVectors } from './prompt-ensemble.js';

export type AlbumPhotoState = 'accepted' | 'suggested' | 'rejected' | 'excluded' | 'out';

/** An album by id (the API) or by name (the CLI). */
export type AlbumRef = number | string;

export interface AlbumSummary {
  id: number;
  name: string;
  include: string[];
  exclude: string[];
  /** null while no model is chosen: albums exist before anything is scored. */
  members: number | null;
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
  /** Rows the view selects in all (before offset / k). */
  total: number;
  photos: AlbumPhoto[];
}

export interface AlbumPreview {
  threshold: number;
  members: number;
  photos: { photo: PhotoRecord; score: number }[];
}

export interface LabelChange {
  photoId: number;
  label: 1 | -1 | null;
}

/** Prompt sets whose embeddings are kept (albums plus recent previews). */
const TEXT_CACHE_ENTRIES = 256;

interface Cached {
  key: string;
  /** The words part of the key: while it holds, the zero-shot part is reused. */
  wordsKey: string;
  classifier: AlbumClassifier;
}

export class AlbumEngine {
  private matrixCache: { count: number; modelId: string; matrix: LibraryMatrix } | null = null;
  private readonly classifiers = new Map<number, Cached>();
  /**
   * Prompt embeddings per model and prompt set: a correction retrains the probe but changes no
   * words, so it must not run the text model again (3 templates x prompts per album).
   */
  private readonly textCache = new Map<string, { text: EnsembleVectors; exclusions: Float32Array[] }>();

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

  find(ref: AlbumRef): AlbumRecord {
    if (typeof ref === 'number') {
      const byId = this.library.albums.get(ref);
      if (!byId) throw new CoreError('ALBUM_NOT_FOUND', 'That album no longer exists (it was deleted, perhaps in another window).');
      return byId;
    }
    const name = ref;
    const album = this.library.albums.findByName(name.trim());
    if (!album) {
      const names = this.library.albums.list().map((a) => `"${a.name}"`);
      throw new CoreError('ALBUM_NOT_FOUND', `No album called "${name}".${names.length > 0 ? ` Albums: ${names.join(', ')}.` : ' Create one first.'}`);
    }
    return album;
  }

  /** The cleaned new name, or a refusal in words; writes nothing. */
  checkRename(ref: AlbumRef, newName: string): string {
    const album = this.find(ref);
    const clean = checkAlbumName(newName);
    const clash = this.library.albums.findByName(clean);
    if (clash && clash.id !== album.id) throw new CoreError('INVALID_ARGUMENT', `An album called "${clean}" exists already.`);
    return clean;
  }

  rename(ref: AlbumRef, newName: string): AlbumRecord {
    const album = this.find(ref);
    this.library.albums.rename(album.id, this.checkRename(album.id, newName));
    return this.find(album.id);
  }

  /** New describing / exclusion prompts (checked like create's); labels stay. */
  setPrompts(ref: AlbumRef, include: readonly string[], exclude: readonly string[]): AlbumRecord {
    const album = this.find(ref);
    const prompts = checkPrompts(include, exclude);
    this.library.albums.setPrompts(album.id, prompts.include, prompts.exclude);
    this.classifiers.delete(album.id);
    return this.find(album.id);
  }

  delete(ref: AlbumRef): void {
    const album = this.find(ref);
    this.library.albums.delete(album.id);
    this.classifiers.delete(album.id);
  }

  async list(): Promise<AlbumSummary[]> {
    const counts = this.library.albums.labelCountsById();
    const scored = await this.hasScorer();
    const out: AlbumSummary[] = [];
    for (const album of this.library.albums.list()) {
      const members = scored ? countMembers(await this.classifier(album)) : null;
      const c = counts.get(album.id) ?? { accepted: 0, rejected: 0 };
      out.push({ id: album.id, name: album.name, include: album.include, exclude: album.exclude, members, ...c });
    }
    return out;
  }

  /** One album's summary (counts it alone: list() would score every album). */
  async summary(ref: AlbumRef): Promise<AlbumSummary> {
    const album = this.find(ref);
    const members = (await this.hasScorer()) ? countMembers(await this.classifier(album)) : null;
    const counts = this.library.albums.labelCountsById().get(album.id) ?? { accepted: 0, rejected: 0 };
    return { id: album.id, name: album.name, include: album.include, exclude: album.exclude, members, ...counts };
  }

  /**
   * Members (accepted first, then by probability), or with `all` every photo, scored.
   * `k` / `offset` page the rows; `total` counts them all.
   */
  async show(ref: AlbumRef, options: { k?: number; offset?: number; all?: boolean } = {}): Promise<AlbumView> {
    const album = this.find(ref);
    const classifier = await this.classifier(album);
    const matrix = await this.matrix();
    const rows: number[] = [];
    for (let r = 0; r < matrix.rows; r++) if (options.all || classifier.isMember(r)) rows.push(r);
    const rank = (r: number): number => (classifier.labelOf.get(r) === 1 ? 2 : 0) + classifier.probability(r);
    rows.sort((a, b) => rank(b) - rank(a) || (classifier.zeroShot[b] ?? 0) - (classifier.zeroShot[a] ?? 0));
    const offset = options.offset ?? 0;
    const shown = rows.slice(offset, options.k !== undefined ? offset + options.k : undefined);
    const photos = this.library.photos.getMany(shown.map((r) => matrix.ids[r] ?? 0));
    // This album's counts only: list() would score every album in the library.
    const members = countMembers(classifier);
    const counts = this.library.albums.labelCountsById().get(album.id) ?? { accepted: 0, rejected: 0 };
    return {
      album: { id: album.id, name: album.name, include: album.include, exclude: album.exclude, members, ...counts },
      threshold: classifier.effectiveThreshold(),
      thresholdMethod: classifier.threshold.method,
      learned: classifier.probe !== null,
      total: rows.length,
      photos: shown.flatMap((r) => {
        const photo = photos.get(matrix.ids[r] ?? 0);
        if (!photo) return [];
        const why = explainMembership(album, classifier, matrix, r, (id) => this.library.photos.get(id)?.path);
        return [{ photo, score: classifier.zeroShot[r] ?? 0, probability: classifier.probability(r), state: stateOf(classifier, r), why: why.text }];
      }),
    };
  }

  /** Labels photos (by path) in one transaction: all of them or, on an unknown photo, none. */
  label(ref: AlbumRef, paths: readonly string[], label: 1 | -1 | null): { changed: number } {
    const photos = paths.map((p) => this.library.photos.getByPath(p) ?? p);
    return { changed: this.applyLabels(ref, photos.map((photo) => ({ photo, label }))).length };
  }

  /**
   * Labels photos by id, each its own label, in one transaction (all or none). Returns the labels
   * they had before, which undo a correction when given back.
   */
  labelById(ref: AlbumRef, changes: readonly LabelChange[]): LabelChange[] {
    return this.applyLabels(
      ref,
      changes.map((c) => ({ photo: this.library.photos.get(c.photoId) ?? `Photo ${c.photoId}`, label: c.label })),
    );
  }

  private applyLabels(ref: AlbumRef, changes: readonly { photo: PhotoRecord | string; label: 1 | -1 | null }[]): LabelChange[] {
    const album = this.find(ref);
    const checked = changes.map(({ photo, label }) => {
      if (typeof photo === 'string' || photo.status !== 'indexed' || !photo.contentHash) {
        const what = typeof photo === 'string' ? photo : photo.path;
        throw new CoreError('PHOTO_NOT_FOUND', `${what} is not an indexed photo of the library: nothing was changed. Index its folder first.`);
      }
      return { photo, contentHash: photo.contentHash, label };
    });
    const before = new Map(this.library.albums.labels(album.id).map((l) => [l.contentHash, l.label]));
    const previous = checked.map((c) => ({ photoId: c.photo.id, label: before.get(c.contentHash) ?? null }));
    this.library.albums.setLabels(
      album.id,
      checked.map((c) => ({ contentHash: c.contentHash, path: c.photo.path, label: c.label })),
    );
    // The cached classifier stays: its key holds the labels, so the next read retrains, reusing
    // its zero-shot part.
    return previous;
  }

  /**
   * What an album with these words would hold, without creating it (live preview while typing):
   * the zero-shot rule only, the same one a new album starts with.
   */
  async preview(include: readonly string[], exclude: readonly string[], k: number): Promise<AlbumPreview> {
    const prompts = checkPrompts(include, exclude);
    const matrix = await this.matrix();
    const classifier = await this.buildClassifier(prompts.include, prompts.exclude, matrix, []);
    const rows: number[] = [];
    for (let r = 0; r < matrix.rows; r++) if (classifier.isMember(r)) rows.push(r);
    rows.sort((a, b) => (classifier.zeroShot[b] ?? 0) - (classifier.zeroShot[a] ?? 0));
    const shown = rows.slice(0, k);
    const photos = this.library.photos.getMany(shown.map((r) => matrix.ids[r] ?? 0));
    return {
      threshold: classifier.effectiveThreshold(),
      members: rows.length,
      photos: shown.flatMap((r) => {
        const photo = photos.get(matrix.ids[r] ?? 0);
        return photo ? [{ photo, score: classifier.zeroShot[r] ?? 0 }] : [];
      }),
    };
  }

  async why(ref: AlbumRef, photoRef: string | number): Promise<AlbumWhy & { photo: PhotoRecord }> {
    const album = this.find(ref);
    const photo = typeof photoRef === 'number' ? this.library.photos.get(photoRef) : this.library.photos.getByPath(photoRef);
    const what = typeof photoRef === 'number' ? 'That photo' : photoRef;
    if (!photo) throw new CoreError('PHOTO_NOT_FOUND', `${what} is not in the library. Index its folder first.`);
    const matrix = await this.matrix();
    const row = matrix.row(photo.id);
    if (row === undefined) throw new CoreError('PHOTO_NOT_FOUND', `${what} is not indexed with the current model yet.`);
    const classifier = await this.classifier(album);
    return { ...explainMembership(album, classifier, matrix, row, (id) => this.library.photos.get(id)?.path), photo };
  }

  async categorize(refs: readonly AlbumRef[]): Promise<CategorizeResult & { albums: AlbumRecord[] }> {
    const albums = refs.length > 0 ? refs.map((n) => this.find(n)) : this.library.albums.list();
    if (albums.length === 0) throw new CoreError('ALBUM_NOT_FOUND', 'There are no albums to sort into yet. Create some first: recollect album create "<name>" --prompt "<words>"');
    const classifiers = await Promise.all(albums.map((a) => this.classifier(a)));
    return { ...categorizePhotos(classifiers, await this.matrix()), albums };
  }

  /** The library's vectors changed (an index run): the next read reloads the matrix. */
  libraryChanged(): void {
    this.matrixCache = null;
  }

  /** False while no model is chosen (the scorer refuses); other failures are real and propagate. */
  private async hasScorer(): Promise<boolean> {
    try {
      await this.scorer();
      return true;
    } catch (err) {
      if (err instanceof CoreError && err.code === 'MODEL_NOT_CONFIGURED') return false;
      throw err;
    }
  }

  private async matrix(): Promise<LibraryMatrix> {
    const { model, vectors } = await this.scorer();
    // The vector change log's sequence (migration 6) moves with every added, removed, re-embedded
    // or moved photo and costs one indexed read; a count(*) (1M photos: tens of ms) missed the
    // last three. Libraries without the log (read-only, older schema) fall back to the count.
    const snapshot = vectors.snapshot();
    const count = snapshot.followsChanges ? snapshot.seq() : vectors.count();
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
    const wordsKey = JSON.stringify([album.include, album.exclude]);
    const key = JSON.stringify([wordsKey, labels.map((l) => [l.contentHash, l.label])]);
    const cached = this.classifiers.get(album.id);
    if (cached && cached.key === key) return cached.classifier;
    const labelled: LabelledRow[] = [];
    for (const l of labels) {
      for (const photo of this.library.photos.findByHash(l.contentHash)) {
        const row = matrix.row(photo.id);
        if (row !== undefined) labelled.push({ row, label: l.label });
      }
    }
    // A correction changes labels only: the words' scores over this matrix stay valid.
    const reuse = cached && cached.wordsKey === wordsKey ? cached.classifier : undefined;
    const classifier = await this.buildClassifier(album.include, album.exclude, matrix, labelled, reuse);
    this.classifiers.set(album.id, { key, wordsKey, classifier });
    return classifier;
  }

  private async buildClassifier(
    include: readonly string[],
    exclude: readonly string[],
    matrix: LibraryMatrix,
    labels: readonly LabelledRow[],
    reuse?: ZeroShotPart,
  ): Promise<AlbumClassifier> {
    const { model } = await this.scorer();
    const key = JSON.stringify([model.id, include, exclude]);
    let words = this.textCache.get(key);
    if (!words) {
      const text = await embedPromptEnsemble(model, include);
      const exclusions = exclude.length > 0 ? (await embedPromptEnsemble(model, exclude)).perPrompt : [];
      words = { text, exclusions };
      // Bounded: live previews while typing would otherwise keep every prefix typed.
      if (this.textCache.size >= TEXT_CACHE_ENTRIES) this.textCache.delete(this.textCache.keys().next().value ?? '');
      this.textCache.set(key, words);
    }
    return new AlbumClassifier({ text: words.text, exclusions: words.exclusions, matrix, labels, reuse });
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
