/**
 * Query -> vector -> KNN (with folder/date filters inside the scan) -> relevance cut-off -> hits.
 * Also "similar to this photo" and negative terms. All SQL stays in store/.
 */
import path from 'node:path';
import { CoreError } from '../core-error.js';
import type { ClipModel } from '../embed/clip-model.js';
import { pathRangeUnder } from '../store/path-range.js';
import type { PhotoRecord } from '../store/photo-record.js';
import type { PhotoStore } from '../store/photo-store.js';
import type { VectorFilter, VectorHit, VectorStore } from '../store/vector-store.js';
import type { SearchAccelerator } from './accel/search-accelerator.js';
import { parseQuery } from './parse-query.js';
import { estimateImageCutoff, NEAR_IDENTICAL } from './image-relevance-cutoff.js';
import { queryLanguageNote, type SearchNote } from './query-language-note.js';
import { dot, estimateCutoff, estimateNegativeCutoff, type CutoffEstimate } from './relevance-cutoff.js';

export interface SearchOptions {
  /** Most hits to return (default 50). */
  k?: number;
  folder?: string;
  /** taken_at bounds in ms (wall-clock encoded as UTC, see image/metadata.ts): [after, before). */
  after?: number;
  before?: number;
  /** Show everything up to k, ignoring the relevance cut-off. */
  all?: boolean;
}

export interface SearchHit {
  photo: PhotoRecord;
  /** Cosine similarity to the query. */
  score: number;
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  /** Score threshold that was applied (or would be, with `all`); null when none could be estimated. */
  cutoff: number | null;
  /** Candidates within k that the cut-off hid ("show weaker matches"). */
  hidden: number;
  /** What was asked: a description, or a photo ("more like this"); each has its own cut-off and words. */
  kind: 'text' | 'image';
  /** `hidden` is a lower bound: more weaker matches exist than were counted (COUNT_LIMIT). */
  moreHidden: boolean;
  /** Each negative term and how many photos it took out of what would have been shown. */
  negatives: { term: string; removed: number }[];
  /** What the user should know about this answer (a query the model cannot read); absent when nothing. */
  notes?: SearchNote[];
}

type QueryKind = SearchResult['kind'];

const SAMPLE_SIZE = 2000;
/**
 * Candidates read to count the weaker matches, whatever the page size: the count used to be
 * "candidates within k" (CLI k=20 said 16, the app's 60 said 56 for one query, issue 13).
 */
const COUNT_LIMIT = 1000;

export class SearchService {
  private sampleCache: { count: number; vectors: { photoId: number; vector: Float32Array }[] } | null = null;

  constructor(
    private readonly model: Pick<ClipModel, 'encodeTexts' | 'encodeImages' | 'name' | 'languages'>,
    private readonly photos: PhotoStore,
    private readonly vectors: VectorStore,
    /** The in-memory copy that answers KNN and the cut-off's statistics; absent: vec0 answers. */
    private readonly accelerator: SearchAccelerator | null = null,
  ) {}

  async searchText(raw: string, options: SearchOptions = {}): Promise<SearchResult> {
    const parsed = parseQuery(raw);
    if (!parsed.positive) throw new CoreError('INVALID_ARGUMENT', 'Type what you are looking for (negative terms like -people need a positive part too).');
    // The index loads (a fresh process: its cache file) while the text model encodes the query.
    const ready = this.accelerator?.prepare();
    const [query, ...negs] = await this.model.encodeTexts([parsed.positive, ...parsed.negatives]);
    await ready;
    if (!query) throw new Error('text model returned no embedding');
    const negatives = negs.map((vector, i) => ({ term: parsed.negatives[i] ?? '', vector }));
    const result = this.rank(raw, 'text', query, options, negatives);
    const note = queryLanguageNote(raw, this.model);
    return note ? { ...result, notes: [note] } : result;
  }

  similar(photoId: number, options: SearchOptions = {}): SearchResult {
    const query = this.vectors.get(photoId);
    const photo = this.photos.get(photoId);
    if (!query || !photo) {
      throw new CoreError('PHOTO_NOT_FOUND', 'That photo is not indexed with the current model yet. Index its folder first.');
    }
    return this.rank(photo.path, 'image', query, options, [], photoId);
  }

  /** "More like this" for a photo that is not in the library: its pixels, embedded now. */
  async similarToPixels(label: string, pixels: Float32Array, options: SearchOptions = {}): Promise<SearchResult> {
    const [query] = await this.model.encodeImages([pixels]);
    if (!query) throw new Error('image model returned no embedding');
    return this.rank(label, 'image', query, options, []);
  }

  private sample(): { photoId: number; vector: Float32Array }[] {
    if (this.accelerator) return this.accelerator.sample(SAMPLE_SIZE);
    const count = this.vectors.count();
    if (!this.sampleCache || this.sampleCache.count !== count) {
      this.sampleCache = { count, vectors: this.vectors.sample(SAMPLE_SIZE) };
    }
    return this.sampleCache.vectors;
  }

  private cutoffFor(kind: QueryKind, query: Float32Array, candidateScores: readonly number[], exclude?: number): CutoffEstimate {
    // The query photo is not part of its own background (it would score 1.000 against itself).
    const sampleScores = this.sample()
      .filter((s) => s.photoId !== exclude)
      .map((s) => dot(s.vector, query));
    // The copy counts as it changes: no count(*) on a query's path (issue 14).
    const libraryCount = (this.accelerator ? this.accelerator.count() : this.vectors.count()) - (exclude === undefined ? 0 : 1);
    if (kind === 'text') return estimateCutoff({ sampleScores, top: candidateScores[0], libraryCount });
    // Copies always show; the best photo that is not a copy sets the top band (image-relevance-cutoff.ts).
    const top = candidateScores.find((s) => s < NEAR_IDENTICAL);
    return estimateImageCutoff({ sampleScores, top, libraryCount });
  }

  private rank(label: string, kind: QueryKind, query: Float32Array, options: SearchOptions, negatives: NegativeTerm[], exclude?: number): SearchResult {
    const k = Math.max(1, Math.min(options.k ?? 50, 1000));
    const filter: VectorFilter = {};
    if (options.folder) filter.folder = pathRangeUnder(path.resolve(options.folder));
    if (options.after !== undefined) filter.after = options.after;
    if (options.before !== undefined) filter.before = options.before;
    if (exclude !== undefined) filter.exclude = exclude;
    // Enough to count the weaker matches, and to still fill k when negative terms remove some.
    const fetch = Math.max(COUNT_LIMIT, negatives.length > 0 ? k * 3 : k);
    // One more than counted: whether it still leans towards the query says "and more".
    // The accelerator's first k hits carry exact scores, the weaker ones it only counts int8 estimates.
    const fetched = this.accelerator ? this.accelerator.knn(query, fetch + 1, filter, k) : this.vectors.knn(query, fetch + 1, filter);
    const candidates = fetched.slice(0, fetch);
    const beyond = fetched[fetch];
    const estimate = this.cutoffFor(kind, query, candidates.map((c) => c.score), exclude);
    const { cutoff } = estimate;
    const { survivors, removed } = this.applyNegatives(candidates, negatives, (c, i) => (options.all || cutoff === null ? i < k : c.score >= cutoff));
    const strong = cutoff === null ? survivors : survivors.filter((c) => c.score >= cutoff);
    const visible = (options.all ? survivors : strong).slice(0, k);
    // A weaker match leans towards the query: at least one robust spread above the typical photo.
    const floor = estimate.median + estimate.spread;
    const weaker = cutoff === null ? 0 : survivors.filter((c) => c.score < cutoff && c.score >= floor).length;
    const records = this.photos.getMany(visible.map((c) => c.photoId));
    const hits = visible.flatMap((c) => {
      const photo = records.get(c.photoId);
      return photo ? [{ photo, score: c.score }] : [];
    });
    return {
      query: label,
      hits,
      cutoff,
      hidden: options.all ? 0 : weaker,
      kind,
      moreHidden: !options.all && cutoff !== null && beyond !== undefined && beyond.score >= floor,
      negatives: negatives.map((n, i) => ({ term: n.term, removed: removed[i] ?? 0 })),
    };
  }

  /**
   * "-people" drops candidates that lean towards "people" (see NEGATIVE_Z). Counts, per term, the
   * photos it took out of what would have been shown, so the effect (or its absence) is visible.
   */
  private applyNegatives(
    candidates: VectorHit[],
    negatives: NegativeTerm[],
    wouldShow: (c: VectorHit, index: number) => boolean,
  ): { survivors: VectorHit[]; removed: number[] } {
    if (negatives.length === 0) return { survivors: candidates, removed: [] };
    const lines = negatives.map((n) => estimateNegativeCutoff(this.sample().map((s) => dot(s.vector, n.vector))));
    // One batched lookup for every candidate's vector, not one statement per candidate.
    const vectors = this.vectors.getMany(candidates.map((c) => c.photoId));
    const removed = negatives.map(() => 0);
    const survivors = candidates.filter((c, index) => {
      const v = vectors.get(c.photoId);
      if (!v) return true;
      const droppedBy = negatives.flatMap((n, i) => {
        const line = lines[i];
        return line !== null && line !== undefined && dot(v, n.vector) >= line ? [i] : [];
      });
      if (droppedBy.length > 0 && wouldShow(c, index)) for (const i of droppedBy) removed[i] = (removed[i] ?? 0) + 1;
      return droppedBy.length === 0;
    });
    return { survivors, removed };
  }
}

interface NegativeTerm {
  term: string;
  vector: Float32Array;
}
