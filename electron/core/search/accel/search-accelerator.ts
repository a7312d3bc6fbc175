/**
 * KNN for one model at memory speed: an int8 copy of the vec0 table scanned by a WebAssembly SIMD
 * kernel (vector-index.ts), filters as integers, the best candidates rescored in float32 (from the
 * kept float copy, or from SQLite for big libraries), so the hits a user sees carry exact scores.
 *
 * Derived data (architecture.md "Storage"): built from SQLite when missing, kept in step through
 * the vector change log (store/vector-snapshot.ts) before every query (one indexed max() read,
 * microseconds), rebuilt when the log no longer reaches back or too much changed. It never
 * decides what exists: a photo the copy lacks is one SQLite has not got either.
 *
 * Measured (docs/benchmarks.md "Search at scale"): see there for the numbers behind the
 * defaults below.
 */
import type { VectorFilter, VectorHit, VectorStore } from '../../store/vector-store.js';
import { readIndexFile, readIndexFileAsync, writeIndexFile } from './index-file.js';
import { quantizeRow } from './quantize.js';
import type { VectorSnapshot } from '../../store/vector-snapshot.js';
import { dot } from '../relevance-cutoff.js';
import { VectorIndex, type Candidate } from './vector-index.js';

export interface AcceleratorOptions {
  /**
   * Keep float32 rows in memory (exact rescoring without SQLite) while they take at most this
   * many bytes: 256 MiB holds 131k x 512-d. Beyond, rescoring reads the few rows it needs from vec0.
   */
  floatBudgetBytes?: number;
  /**
   * Candidates rescored in float32 beyond the exact top asked, at most: 256 from the float copy in
   * memory (cheap), 64 from SQLite, where each row read walks its vec0 chunk's overflow pages
   * (1M photos: 276 rows 90-180 ms, cold pages dearer). The int8 order alone already agrees with
   * the exact top 20 on 98.75 % of them at 1M clustered (12 queries, no rows beyond the 20 rescored).
   */
  maxExtraRescore?: number;
  /**
   * Where the copy is kept between processes (index-file.ts); none: rebuilt from SQLite in every
   * process. Written after a rebuild, read (and checked against SQLite) on the first query.
   */
  cacheFile?: string;
  /** Told when the file could not be written (a read-only folder): search goes on without it. */
  onCacheError?: (err: unknown) => void;
}

export interface SampleVector {
  photoId: number;
  vector: Float32Array;
}

const DEFAULT_FLOAT_BUDGET = 256 * 1024 * 1024;
/** Rebuild rather than patch when more changed than this share of the library (or dead rows exceed it). */
const REBUILD_SHARE = 0.25;
/** Rows of a loaded file compared with SQLite (codes and filter keys) before it is trusted. */
const SPOT_CHECKS = 32;

export class SearchAccelerator {
  private index: VectorIndex | null = null;
  private seq = 0;
  private sampleCache: { version: number; limit: number; vectors: SampleVector[] } | null = null;
  /** Bumped whenever the copy changes: the sample and any caller caches key on it. */
  private version = 0;
  private readonly floatBudget: number;
  private readonly maxExtra: number;
  private lastSource: 'file' | 'sqlite' | null = null;
  private loading: Promise<void> | null = null;
  /** prepare() found no usable file: sync() rebuilds at once instead of reading it again. */
  private fileRejected = false;

  constructor(
    private readonly vectors: VectorStore,
    private readonly snapshot: VectorSnapshot,
    private readonly options: AcceleratorOptions = {},
  ) {
    this.floatBudget = options.floatBudgetBytes ?? DEFAULT_FLOAT_BUDGET;
    this.maxExtra = options.maxExtraRescore ?? -1;
  }

  /** Where the copy in memory came from last: the cache file or a rebuild from SQLite (tests, bench). */
  get source(): 'file' | 'sqlite' | null {
    return this.lastSource;
  }

  /** Brings the copy up to date with SQLite and returns it. */
  sync(): VectorIndex {
    const current = this.index ?? this.loadFile();
    if (!current) return this.rebuild();
    if (!this.snapshot.followsChanges) return current;
    const changes = this.snapshot.changesSince(this.seq);
    if (changes.trimmed) return this.rebuild();
    if (changes.photoIds.length === 0) {
      this.seq = changes.seq;
      return current;
    }
    if (changes.photoIds.length > Math.max(4096, current.count * REBUILD_SHARE)) return this.rebuild();
    this.apply(current, changes.photoIds);
    this.seq = changes.seq;
    this.version++;
    if (current.rows - current.count > Math.max(4096, current.count * REBUILD_SHARE)) return this.rebuild();
    // A library that grew past the float budget (an indexing run) drops its float copy.
    if (current.hasFloats && !this.floatsFit(current.count)) return this.rebuild();
    return current;
  }

  /** Photos with a vector under this model, as the copy knows them (kept in step by sync). */
  count(): number {
    return this.sync().count;
  }

  /** A number that changes whenever the copy does (for caches of derived statistics). */
  get stamp(): number {
    this.sync();
    return this.version;
  }

  /**
   * The best `n` hits for the filter, best first. The first `exactTop` (and every candidate that
   * could overtake them, within the quantisation error) carry exact float32 scores; the rest are
   * int8 estimates, good to about 1e-3 (used for counting weaker matches only).
   */
  knn(query: Float32Array, n: number, filter: VectorFilter = {}, exactTop = n): VectorHit[] {
    const index = this.sync();
    const want = Math.max(1, Math.floor(n));
    const head = Math.min(want, Math.max(1, Math.floor(exactTop)));
    // Candidates past the asked n: one ranked just below by its int8 estimate may be above in float32.
    const extra = this.maxExtra >= 0 ? this.maxExtra : index.hasFloats ? 256 : 64;
    const candidates = index.search(query, Math.max(want, head + extra), filter);
    const rescoreCount = this.rescoreCount(index, candidates, head, extra);
    const rescored = this.rescore(index, query, candidates.slice(0, rescoreCount));
    const hits = [...rescored, ...candidates.slice(rescoreCount).map((c) => ({ photoId: c.photoId, score: c.score }))];
    return hits.sort((a, b) => b.score - a.score || a.photoId - b.photoId).slice(0, want);
  }

  /**
   * Up to `limit` stored vectors spread evenly over the copy (every n-th live row): the relevance
   * cut-off's background sample (float32 as stored, or decoded from int8 where floats are not
   * kept, see vectorsOf). Cached until the copy changes.
   */
  sample(limit: number): SampleVector[] {
    const index = this.sync();
    const cached = this.sampleCache;
    if (cached && cached.version === this.version && cached.limit === limit) return cached.vectors;
    const picked = index.spreadPhotoIds(limit);
    const vectors = this.vectorsOf(index, picked);
    const out = picked.flatMap((photoId) => {
      const vector = vectors.get(photoId);
      return vector ? [{ photoId, vector }] : [];
    });
    this.sampleCache = { version: this.version, limit, vectors: out };
    return out;
  }

  private rebuild(): VectorIndex {
    const expected = this.snapshot.count();
    const keepFloats = this.floatsFit(expected);
    const index = new VectorIndex(this.vectors.model.dim, expected + 1024, keepFloats);
    const blank = { folder: '', takenAt: 0 };
    const { seq } = this.snapshot.readAll((photoId, vector) => index.upsert(photoId, vector, blank));
    const withPhoto = new Set<number>();
    this.snapshot.eachFilterKeys((photoId, keys) => {
      if (!index.has(photoId)) return;
      index.setKeys(photoId, keys);
      withPhoto.add(photoId);
    });
    // A vector whose photo left the library without its vectors (not what the indexer does) is no hit.
    for (const id of index.photoIds()) if (!withPhoto.has(id)) index.remove(id);
    this.index = index;
    this.seq = seq;
    this.version++;
    this.lastSource = 'sqlite';
    this.saveFile();
    return index;
  }

  private floatsFit(rows: number): boolean {
    return rows * this.vectors.model.dim * 4 <= this.floatBudget;
  }

  /**
   * Reads the cache file without blocking the event loop (index-file.ts: parallel reads, the
   * checksum overlapping them), so a host can start it beside other work (the text model
   * encoding the query, the app's start). Afterwards sync() finds the copy in memory; when there
   * is no usable file, sync() rebuilds from SQLite as before. Never rejects.
   */
  prepare(): Promise<void> {
    const file = this.options.cacheFile;
    if (this.index || !file || !this.snapshot.followsChanges) return Promise.resolve();
    this.loading ??= readIndexFileAsync(file, this.vectors.model.dim, this.vectors.model.id)
      .then((loaded) => {
        // A query that could not wait (a synchronous caller) may have loaded or built it meanwhile.
        if (!this.index) this.fileRejected = !loaded || !this.adoptFile(loaded);
      })
      .catch(() => undefined)
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** The copy from the cache file, brought up to date and spot-checked; null: rebuild instead. */
  private loadFile(): VectorIndex | null {
    const file = this.options.cacheFile;
    if (!file || !this.snapshot.followsChanges || this.fileRejected) return null;
    const loaded = readIndexFile(file, this.vectors.model.dim, this.vectors.model.id);
    return loaded ? this.adoptFile(loaded) : null;
  }

  /** A copy read from the file, once it is brought up to date and agrees with SQLite; else null. */
  private adoptFile(loaded: { index: VectorIndex; seq: number }): VectorIndex | null {
    const changes = this.snapshot.changesSince(loaded.seq);
    if (changes.trimmed || loaded.seq > changes.seq || changes.photoIds.length > Math.max(4096, loaded.index.count * REBUILD_SHARE)) return null;
    this.apply(loaded.index, changes.photoIds);
    if (loaded.index.hasFloats !== this.floatsFit(loaded.index.count)) return null;
    if (loaded.index.count !== this.snapshot.count() || !this.agreesWithSqlite(loaded.index)) return null;
    this.index = loaded.index;
    this.seq = changes.seq;
    this.version++;
    this.lastSource = 'file';
    // A long replay is worth writing down, so the next process starts from here.
    if (changes.photoIds.length > 1024) this.saveFile();
    return loaded.index;
  }

  /** Rows spread over the copy, re-quantised from SQLite: same codes and filter keys, or distrust the file. */
  private agreesWithSqlite(index: VectorIndex): boolean {
    const picked = index.spreadPhotoIds(SPOT_CHECKS);
    const stored = this.vectors.getMany(picked);
    const keys = this.snapshot.filterKeysOf(picked);
    const codes = new Int8Array(index.dim);
    const parts = index.parts();
    return picked.every((id) => {
      const row = index.rowOfPhoto(id);
      const v = stored.get(id);
      const k = keys.get(id);
      if (row === undefined || !v || !k) return false;
      const scale = quantizeRow(v, codes, 0);
      const base = row * index.stride;
      for (let j = 0; j < index.dim; j++) if (codes[j] !== parts.codes[base + j]) return false;
      return Math.fround(scale) === parts.scales[row] && index.folders.name(parts.folderIds[row] ?? -1) === k.folder && parts.taken[row] === k.takenAt;
    });
  }

  private saveFile(): void {
    const file = this.options.cacheFile;
    if (!file || !this.index || !this.snapshot.followsChanges) return;
    try {
      writeIndexFile(file, this.index, this.vectors.model.id, this.seq);
    } catch (err) {
      this.options.onCacheError?.(err);
    }
  }

  private apply(index: VectorIndex, photoIds: number[]): void {
    const vectors = this.vectors.getMany(photoIds);
    const keys = this.snapshot.filterKeysOf(photoIds);
    for (const id of photoIds) {
      const v = vectors.get(id);
      const k = keys.get(id);
      if (v && k) index.upsert(id, v, k);
      else index.remove(id);
    }
  }

  /**
   * How many leading candidates to rescore: the asked top, plus every candidate whose estimate is
   * within six standard deviations of the quantisation error below the head's last estimate.
   */
  private rescoreCount(index: VectorIndex, candidates: Candidate[], head: number, extra: number): number {
    if (candidates.length <= head) return candidates.length;
    const last = candidates[head - 1]?.score ?? -Infinity;
    // Per-row error sd = scale / sqrt(12) for a unit query; scale ~ max|v| / 127 <= 1 / 127.
    const margin = (6 / Math.sqrt(12)) * index.maxScale();
    let n = head;
    while (n < candidates.length && n < head + extra && (candidates[n]?.score ?? -Infinity) >= last - margin) n++;
    return n;
  }

  private rescore(index: VectorIndex, query: Float32Array, candidates: Candidate[]): VectorHit[] {
    if (candidates.length === 0) return [];
    const fromSql = index.hasFloats ? null : this.vectors.getMany(candidates.map((c) => c.photoId));
    return candidates.map((c) => {
      const v = index.floatRow(c.row) ?? fromSql?.get(c.photoId);
      return { photoId: c.photoId, score: v ? dot(v, query) : c.score };
    });
  }

  /**
   * The sample's vectors: float32 when kept, else decoded from the int8 codes (scores off by
   * ~4e-4, against a background spread of ~0.02-0.05: the median and MAD do not notice). Reading
   * 2,000 rows from vec0 instead cost ~50 ms at 1M and mapped ~630 MB of the library file into the
   * process (each row read walks its 2 MB chunk blob's overflow pages; measured here).
   */
  private vectorsOf(index: VectorIndex, photoIds: number[]): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    for (const id of photoIds) {
      const row = index.rowOfPhoto(id);
      const v = row === undefined ? null : (index.floatRow(row) ?? index.decodedRow(row));
      if (v) out.set(id, v);
    }
    return out;
  }
}
