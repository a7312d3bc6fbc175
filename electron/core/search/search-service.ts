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
import type { VectorFilter, VectorStore } from '../store/vector-store.js';
import { parseQuery } from './parse-query.js';
import { queryLanguageNote, type SearchNote } from './query-language-note.js';
import { dot, estimateCutoff, estimateNegativeCutoff } from './relevance-cutoff.js';

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
  /** What the user should know about this answer (a query the model cannot read); absent when nothing. */
  notes?: SearchNote[];
}

const SAMPLE_SIZE = 2000;

export class SearchService {
  private sampleCache: { count: number; vectors: Float32Array[] } | null = null;

  constructor(
    private readonly model: Pick<ClipModel, 'encodeTexts' | 'name' | 'languages'>,
    private readonly photos: PhotoStore,
    private readonly vectors: VectorStore,
  ) {}

  async searchText(raw: string, options: SearchOptions = {}): Promise<SearchResult> {
    const parsed = parseQuery(raw);
    if (!parsed.positive) throw new CoreError('INVALID_ARGUMENT', 'Type what you are looking for (negative terms like -people need a positive part too).');
    const [query, ...negs] = await this.model.encodeTexts([parsed.positive, ...parsed.negatives]);
    if (!query) throw new Error('text model returned no embedding');
    const result = this.rank(raw, query, options, negs);
    const note = queryLanguageNote(raw, this.model);
    return note ? { ...result, notes: [note] } : result;
  }

  similar(photoId: number, options: SearchOptions = {}): SearchResult {
    const query = this.vectors.get(photoId);
    const photo = this.photos.get(photoId);
    if (!query || !photo) {
      throw new CoreError('PHOTO_NOT_FOUND', 'That photo is not indexed with the current model yet. Index its folder first.');
    }
    return this.rank(photo.path, query, options, [], photoId);
  }

  private sample(): Float32Array[] {
    const count = this.vectors.count();
    if (!this.sampleCache || this.sampleCache.count !== count) {
      this.sampleCache = { count, vectors: this.vectors.sample(SAMPLE_SIZE) };
    }
    return this.sampleCache.vectors;
  }

  private cutoffFor(query: Float32Array, top?: number): number | null {
    const sampleScores = this.sample().map((v) => dot(v, query));
    return estimateCutoff({ sampleScores, top, libraryCount: this.vectors.count() }).cutoff;
  }

  private rank(label: string, query: Float32Array, options: SearchOptions, negatives: Float32Array[], exclude?: number): SearchResult {
    const k = Math.max(1, Math.min(options.k ?? 50, 1000));
    const filter: VectorFilter = {};
    if (options.folder) filter.folder = pathRangeUnder(path.resolve(options.folder));
    if (options.after !== undefined) filter.after = options.after;
    if (options.before !== undefined) filter.before = options.before;
    if (exclude !== undefined) filter.exclude = exclude;
    // Negative terms remove candidates, so fetch more to still fill k.
    const candidates = this.vectors.knn(query, negatives.length > 0 ? k * 3 : k, filter);
    const cutoff = this.cutoffFor(query, candidates[0]?.score);
    // "-people" drops photos that lean towards "people" (see NEGATIVE_Z).
    const negCutoffs = negatives.map((n) => ({ vector: n, cutoff: estimateNegativeCutoff(this.sample().map((v) => dot(v, n))) }));
    // One batched lookup for every candidate's vector, not one statement per candidate.
    const candidateVectors = negCutoffs.length > 0 ? this.vectors.getMany(candidates.map((c) => c.photoId)) : new Map<number, Float32Array>();
    const survivors = candidates.filter((c) => {
      if (negCutoffs.length === 0) return true;
      const v = candidateVectors.get(c.photoId);
      return !v || negCutoffs.every((n) => n.cutoff === null || dot(v, n.vector) < n.cutoff);
    });
    const kept = survivors.slice(0, k);
    const visible = options.all || cutoff === null ? kept : kept.filter((c) => c.score >= cutoff);
    const records = this.photos.getMany(visible.map((c) => c.photoId));
    const hits = visible.flatMap((c) => {
      const photo = records.get(c.photoId);
      return photo ? [{ photo, score: c.score }] : [];
    });
    return { query: label, hits, cutoff, hidden: kept.length - visible.length };
  }
}
