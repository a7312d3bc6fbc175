/**
 * Vectors of one model in a sqlite-vec vec0 table (one table per model, so models coexist and
 * switching models never destroys a working index). Vectors are L2-normalised float32, ranked by
 * L2 distance: sqlite-vec's float L2 path is SIMD while cosine is scalar, and for unit vectors
 * L2 order equals cosine order (ml-notes.md). cosine = 1 - d^2 / 2.
 * `folder` and `taken_at` are vec0 metadata columns so filters apply DURING the KNN scan and a
 * selective filter still returns k hits.
 */
import type { Database, Statement } from 'better-sqlite3';
import { isRow } from './photo-record.js';
import type { PathRange } from './path-range.js';

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

export interface ModelStamp {
  id: string;
  name: string;
  dim: number;
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

/** Registers the model (idempotent) and returns its vec0 table name. */
export function ensureModelTable(db: Database, model: ModelStamp): string {
  const row: unknown = db.prepare('SELECT vec_table, dim FROM models WHERE id = ?').get(model.id);
  if (isRow(row) && typeof row.vec_table === 'string') {
    if (Number(row.dim) !== model.dim) {
      throw new Error(`model ${model.id} was stored with dimension ${String(row.dim)}, now reports ${model.dim}`);
    }
    return row.vec_table;
  }
  const next: unknown = db.prepare('SELECT count(*) AS n FROM models').get();
  const n = isRow(next) ? Number(next.n) + 1 : 1;
  const table = `vec_model_${n}`;
  if (!Number.isInteger(model.dim) || model.dim <= 0 || model.dim > 8192) throw new Error(`bad model dimension ${model.dim}`);
  db.transaction(() => {
    db.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${table} USING vec0(
         photo_id INTEGER PRIMARY KEY,
         embedding float[${model.dim}] distance_metric=l2,
         folder TEXT,
         taken_at INTEGER
       )`,
    );
    db.prepare('INSERT INTO models (id, name, dim, vec_table, created_at) VALUES (?, ?, ?, ?, ?)').run(
      model.id,
      model.name,
      model.dim,
      table,
      Date.now(),
    );
  })();
  return table;
}

export class VectorStore {
  readonly table: string;
  private readonly insertStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly markStmt: Statement;
  private readonly unmarkStmt: Statement;
  private readonly metaStmt: Statement;
  private readonly countStmt: Statement;
  private readonly getStmt: Statement;
  private readonly hasStmt: Statement;

  constructor(
    private readonly db: Database,
    readonly model: ModelStamp,
  ) {
    this.table = ensureModelTable(db, model);
    this.insertStmt = db.prepare(
      `INSERT INTO ${this.table} (photo_id, embedding, folder, taken_at) VALUES (?, ?, ?, ?)`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM ${this.table} WHERE photo_id = ?`);
    this.markStmt = db.prepare('INSERT OR IGNORE INTO embeddings (photo_id, model_id) VALUES (?, ?)');
    this.unmarkStmt = db.prepare('DELETE FROM embeddings WHERE photo_id = ? AND model_id = ?');
    this.metaStmt = db.prepare(`UPDATE ${this.table} SET folder = ?, taken_at = ? WHERE photo_id = ?`);
    this.countStmt = db.prepare('SELECT count(*) AS n FROM embeddings WHERE model_id = ?');
    this.getStmt = db.prepare(`SELECT embedding FROM ${this.table} WHERE photo_id = ?`);
    this.hasStmt = db.prepare('SELECT 1 FROM embeddings WHERE photo_id = ? AND model_id = ?');
  }

  /**
   * Whether the photo has a vector under this model. Asks the bookkeeping table (a primary-key
   * lookup) rather than vec0, whose row reads cost ~3.5x more; the indexer asks once per file.
   * put/delete and deleteVectorsEverywhere keep the two in step, in the same transaction.
   */
  has(photoId: number): boolean {
    return this.hasStmt.get(photoId, this.model.id) !== undefined;
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

  updateMeta(photoId: number, folder: string, takenAt: number): void {
    this.metaStmt.run(folder, BigInt(Math.round(takenAt)), BigInt(photoId));
  }

  delete(photoId: number): void {
    this.deleteStmt.run(BigInt(photoId));
    this.unmarkStmt.run(photoId, this.model.id);
  }

  count(): number {
    const row: unknown = this.countStmt.get(this.model.id);
    return isRow(row) ? Number(row.n) : 0;
  }

  knn(query: Float32Array, k: number, filter: VectorFilter = {}): VectorHit[] {
    const where = ['embedding MATCH @q', 'k = @k'];
    const params: Record<string, unknown> = { q: toBlob(query), k: BigInt(Math.max(1, Math.floor(k))) };
    if (filter.folder) {
      where.push('folder >= @low AND folder < @high');
      params.low = filter.folder.low;
      params.high = filter.folder.high;
    }
    if (filter.after !== undefined) {
      where.push('taken_at >= @after');
      params.after = BigInt(Math.round(filter.after));
    }
    if (filter.before !== undefined) {
      where.push('taken_at < @before');
      params.before = BigInt(Math.round(filter.before));
    }
    if (filter.exclude !== undefined) {
      // Not a vec0 constraint: one extra row is fetched instead.
      params.k = BigInt(Number(params.k) + 1);
    }
    const rows = this.db
      .prepare(`SELECT photo_id, distance FROM ${this.table} WHERE ${where.join(' AND ')} ORDER BY distance`)
      .all(params);
    const hits: VectorHit[] = [];
    for (const row of rows) {
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
   * score distribution (search/relevance-cutoff.ts).
   */
  sample(limit: number): Float32Array[] {
    const total = this.count();
    const step = Math.max(1, Math.floor(total / Math.max(1, limit)));
    const rows = this.db
      .prepare(`SELECT photo_id, embedding FROM ${this.table} WHERE photo_id % ? = 0 LIMIT ?`)
      .all(BigInt(step), BigInt(limit));
    const out: Float32Array[] = [];
    for (const row of rows) if (isRow(row)) out.push(fromBlob(row.embedding));
    return out;
  }
}

/** vec0 tables of every model in the library (a photo's vectors live in each). */
function allVectorTables(db: Database): string[] {
  return db
    .prepare('SELECT vec_table FROM models')
    .all()
    .flatMap((row: unknown) => (isRow(row) && typeof row.vec_table === 'string' ? [row.vec_table] : []));
}

/** Removes a photo's vectors under every model; call in the transaction that deletes the photo. */
export function deleteVectorsEverywhere(db: Database, photoId: number): void {
  for (const table of allVectorTables(db)) db.prepare(`DELETE FROM ${table} WHERE photo_id = ?`).run(BigInt(photoId));
  db.prepare('DELETE FROM embeddings WHERE photo_id = ?').run(photoId);
}

/** Keeps every model's filter columns in step after a move. */
export function updateVectorMetaEverywhere(db: Database, photoId: number, folder: string, takenAt: number): void {
  for (const table of allVectorTables(db)) {
    db.prepare(`UPDATE ${table} SET folder = ?, taken_at = ? WHERE photo_id = ?`).run(
      folder,
      BigInt(Math.round(takenAt)),
      BigInt(photoId),
    );
  }
}
