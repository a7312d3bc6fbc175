/**
 * Vectors of one model in its own sqlite-vec vec0 table (one table per model, so models coexist and
 * switching models never destroys a working index). Vectors are L2-normalised float32, ranked by
 * L2 distance: sqlite-vec's float L2 path is SIMD while cosine is scalar, and for unit vectors
 * L2 order equals cosine order (ml-notes.md). cosine = 1 - d^2 / 2.
 * `folder` and `taken_at` are vec0 metadata columns so filters apply DURING the KNN scan and a
 * selective filter still returns k hits. The registry of models lives in model-registry.ts and the
 * cross-model upkeep in vector-maintenance.ts.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ModelRegistry, ModelStamp } from './model-registry.js';
import { pathRangeUnder, type PathRange } from './path-range.js';
import { isRow } from './photo-record.js';
import { VectorSnapshot } from './vector-snapshot.js';

export type { ModelStamp } from './model-registry.js';

export interface VectorFilter {
  folder?: PathRange;
  /** Inclusive lower / exclusive upper bound on taken_at (ms). */
  after?: number;
  before?: number;
  /** Photo ids to leave out (e.g. the example photo of "similar to this"). */
  exclude?: number;
}

export interface VectorHit {
  photoId: number;
  /** Cosine similarity (vectors are unit length). */
  score: number;
}

export interface StoredVector {
  photoId: number;
  vector: Float32Array;
}

function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function fromBlob(blob: unknown): Float32Array {
  if (!(blob instanceof Uint8Array)) throw new Error('vector: expected a blob');
  // Copy: the Buffer from SQLite may not be 4-byte aligned.
  const copy = new Uint8Array(blob);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}


export class VectorStore {
  readonly table: string;
  private readonly insertStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly markStmt: Statement;
  private readonly countStmt: Statement;
  private readonly missingStmt: Statement;
  private readonly getStmt: Statement;
  private readonly hasStmt: Statement;
  private readonly hasUnderStmt: Statement;
  private readonly sampleStmt: Statement;
  private readonly scanStmt: Statement;
  /** KNN statements by filter shape (which constraints are present): prepared once each. */
  private readonly knnStmts = new Map<string, Statement>();
  private readonly lookupStmt: Statement;
  private snapshotReader: VectorSnapshot | null = null;

  constructor(
    private readonly db: Database,
    registry: ModelRegistry,
    readonly model: ModelStamp,
  ) {
    this.table = registry.ensure(model);
    this.insertStmt = db.prepare(`INSERT INTO ${this.table} (photo_id, embedding, folder, taken_at) VALUES (?, ?, ?, ?)`);
    this.deleteStmt = db.prepare(`DELETE FROM ${this.table} WHERE photo_id = ?`);
    // OR REPLACE, not OR IGNORE: a re-embedded photo must reach the change log (migration 6), whose
    // trigger fires on insert; the replaced row's delete fires none (recursive_triggers is off).
    this.markStmt = db.prepare('INSERT OR REPLACE INTO embeddings (photo_id, model_id) VALUES (?, ?)');
    this.countStmt = db.prepare('SELECT count(*) AS n FROM embeddings WHERE model_id = ?');
    this.missingStmt = db.prepare(
      `SELECT count(*) AS n FROM photos p WHERE p.status = 'indexed'
         AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id AND e.model_id = ?)`,
    );
    this.getStmt = db.prepare(`SELECT embedding FROM ${this.table} WHERE photo_id = ?`);
    this.hasStmt = db.prepare('SELECT 1 FROM embeddings WHERE photo_id = ? AND model_id = ?');
    this.hasUnderStmt = db
      .prepare(
        `SELECT p.id FROM photos p JOIN embeddings e ON e.photo_id = p.id AND e.model_id = @model
         WHERE p.path >= @low AND p.path < @high`,
      )
      .pluck();
    this.sampleStmt = db.prepare(`SELECT photo_id, embedding FROM ${this.table} WHERE photo_id % ? = 0 LIMIT ?`);
    this.lookupStmt = db.prepare(
      `SELECT v.photo_id, v.embedding FROM json_each(?) AS ids CROSS JOIN ${this.table} AS v ON v.photo_id = ids.value`,
    );
    this.scanStmt = db.prepare(`SELECT photo_id, embedding FROM ${this.table} WHERE photo_id > ? ORDER BY photo_id LIMIT ?`);
  }

  /**
   * Whether the photo has a vector under this model. Asks the bookkeeping table (a primary-key
   * lookup) rather than vec0, whose row reads cost ~3.5x more; the indexer asks once per file.
   * put and VectorMaintenance keep the two in step, in the same transaction.
   */
  has(photoId: number): boolean {
    return this.hasStmt.get(photoId, this.model.id) !== undefined;
  }

  /**
   * The photos under `dir` (recursively) that have a vector under this model, in one statement.
   * A rescan asks this once per folder: asking has() per file cost 187 ms of a 2.6 s rescan of
   * 20,000 unchanged files (issue 14), nearly all of it crossing into SQLite 20,000 times.
   */
  idsWithVectorUnder(dir: string): Set<number> {
    const ids = new Set<number>();
    for (const id of this.hasUnderStmt.all({ model: this.model.id, ...pathRangeUnder(dir) })) {
      if (typeof id === 'number') ids.add(id);
      else if (typeof id === 'bigint') ids.add(Number(id));
    }
    return ids;
  }

  /** Insert or replace. vec0 has no upsert, so delete first; call inside a transaction. */
  put(photoId: number, vector: Float32Array, folder: string, takenAt: number): void {
    if (vector.length !== this.model.dim) throw new Error(`vector has ${vector.length} dims, model has ${this.model.dim}`);
    // better-sqlite3 binds numbers as REAL, which vec0 rejects for its primary key (ml-notes.md): bind BigInt.
    const id = BigInt(photoId);
    this.deleteStmt.run(id);
    this.insertStmt.run(id, toBlob(vector), folder, BigInt(Math.round(takenAt)));
    this.markStmt.run(photoId, this.model.id);
  }

  get(photoId: number): Float32Array | undefined {
    const row: unknown = this.getStmt.get(BigInt(photoId));
    return isRow(row) ? fromBlob(row.embedding) : undefined;
  }

  /**
   * Vectors of many photos in one statement (negative terms, albums); absent ids are left out.
   * The ids travel as one JSON array and CROSS JOIN makes SQLite drive the lookup from that list:
   * vec0 answers `photo_id IN (...)` with a full scan (150 ids of 50k: 33 ms) but a join on its
   * primary key with point lookups (3.7 ms; one-by-one statements 4.2 ms), measured here.
   */
  getMany(photoIds: readonly number[]): Map<number, Float32Array> {
    const out = new Map<number, Float32Array>();
    if (photoIds.length === 0) return out;
    for (const row of this.lookupStmt.all(JSON.stringify(photoIds))) {
      if (isRow(row)) out.set(Number(row.photo_id), fromBlob(row.embedding));
    }
    return out;
  }

  /** Bulk reads and the change log of this table, for derived indexes (search/accel/). */
  snapshot(): VectorSnapshot {
    this.snapshotReader ??= new VectorSnapshot(this.db, this.table, this.model.id, this.model.dim);
    return this.snapshotReader;
  }

  /** Photos with a vector under this model. */
  count(): number {
    const row: unknown = this.countStmt.get(this.model.id);
    return isRow(row) ? Number(row.n) : 0;
  }

  /** Indexed photos that still lack a vector under this model (0 = this model can answer for the whole library). */
  missing(): number {
    const row: unknown = this.missingStmt.get(this.model.id);
    return isRow(row) ? Number(row.n) : 0;
  }

  knn(query: Float32Array, k: number, filter: VectorFilter = {}): VectorHit[] {
    const params: Record<string, unknown> = { q: toBlob(query), k: BigInt(Math.max(1, Math.floor(k))) };
    if (filter.folder) {
      params.low = filter.folder.low;
      params.high = filter.folder.high;
    }
    if (filter.after !== undefined) params.after = BigInt(Math.round(filter.after));
    if (filter.before !== undefined) params.before = BigInt(Math.round(filter.before));
    // Not a vec0 constraint: one extra row is fetched instead.
    if (filter.exclude !== undefined) params.k = BigInt(Number(params.k) + 1);
    const hits: VectorHit[] = [];
    for (const row of this.knnStatement(filter).all(params)) {
      if (!isRow(row)) continue;
      const photoId = Number(row.photo_id);
      if (photoId === filter.exclude) continue;
      const d = Number(row.distance);
      hits.push({ photoId, score: 1 - (d * d) / 2 });
    }
    return hits.slice(0, Math.floor(k));
  }

  /**
   * Up to `limit` vectors spread evenly over the table (every n-th row), for estimating a query's
   * score distribution (search/relevance-cutoff.ts). Ids come along so an image query can leave
   * its own photo out of its statistics.
   */
  sample(limit: number): { photoId: number; vector: Float32Array }[] {
    const total = this.count();
    const step = Math.max(1, Math.floor(total / Math.max(1, limit)));
    const out: { photoId: number; vector: Float32Array }[] = [];
    for (const row of this.sampleStmt.all(BigInt(step), BigInt(limit))) {
      if (isRow(row)) out.push({ photoId: Number(row.photo_id), vector: fromBlob(row.embedding) });
    }
    return out;
  }

  /**
   * Every vector of this model in photo-id order, `batch` rows per read (albums score the whole
   * library): keyset pagination, so memory stays at one batch however large the library.
   * Measured here: vec0 reads a row's vector at ~20 us (20k rows 370 ms, 50k paged in 2,048s 4 s),
   * so callers that score the whole library often keep their own in-memory copy (issue 14).
   */
  *scan(batch = 8192): Generator<StoredVector[]> {
    let after = 0n;
    for (;;) {
      const rows = this.scanStmt.all(after, BigInt(batch));
      const page: StoredVector[] = [];
      for (const row of rows) if (isRow(row)) page.push({ photoId: Number(row.photo_id), vector: fromBlob(row.embedding) });
      const last = page[page.length - 1];
      if (!last) return;
      yield page;
      if (page.length < batch) return;
      after = BigInt(last.photoId);
    }
  }

  private knnStatement(filter: VectorFilter): Statement {
    const where = ['embedding MATCH @q', 'k = @k'];
    if (filter.folder) where.push('folder >= @low AND folder < @high');
    if (filter.after !== undefined) where.push('taken_at >= @after');
    if (filter.before !== undefined) where.push('taken_at < @before');
    const key = where.join(' AND ');
    let stmt = this.knnStmts.get(key);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT photo_id, distance FROM ${this.table} WHERE ${key} ORDER BY distance`);
      this.knnStmts.set(key, stmt);
    }
    return stmt;
  }
}
