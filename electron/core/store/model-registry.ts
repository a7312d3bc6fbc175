/**
 * The models a library has vectors for: one row each in `models`, naming the model's own vec0
 * table. Registering is idempotent and creates the table in the same transaction, so a killed
 * process never leaves a registered model without its table. All SQL stays in core/store.
 */
import type { Database, Statement } from 'better-sqlite3';
import { isRow } from './photo-record.js';

export interface ModelStamp {
  id: string;
  name: string;
  dim: number;
}

export interface RegisteredModel extends ModelStamp {
  table: string;
  createdAt: number;
}

/** vec0 needs a literal dimension in its DDL; bound it so no odd value reaches SQL text. */
const MAX_DIM = 8192;

export class ModelRegistry {
  private readonly getStmt: Statement;
  private readonly listStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly tableExistsStmt: Statement;
  private readonly deleteEmbeddingsStmt: Statement;
  private readonly deleteModelStmt: Statement;
  /** Bumped whenever a model is added, so callers caching per-table statements know to refresh. */
  private generation = 0;

  constructor(private readonly db: Database) {
    this.getStmt = db.prepare('SELECT vec_table, dim FROM models WHERE id = ?');
    this.listStmt = db.prepare('SELECT id, name, dim, vec_table, created_at FROM models ORDER BY created_at, id');
    this.insertStmt = db.prepare('INSERT INTO models (id, name, dim, vec_table, created_at) VALUES (?, ?, ?, ?, ?)');
    this.tableExistsStmt = db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?');
    this.deleteEmbeddingsStmt = db.prepare('DELETE FROM embeddings WHERE model_id = ?');
    this.deleteModelStmt = db.prepare('DELETE FROM models WHERE id = ?');
  }

  get version(): number {
    return this.generation;
  }

  /** The dimension a model's vectors were stored with; null when the library has none of its vectors. */
  dimOf(id: string): number | null {
    const row: unknown = this.getStmt.get(id);
    return isRow(row) && typeof row.vec_table === 'string' ? Number(row.dim) : null;
  }

  /** Registers the model (idempotent) and returns its vec0 table name. */
  ensure(model: ModelStamp): string {
    const row: unknown = this.getStmt.get(model.id);
    if (isRow(row) && typeof row.vec_table === 'string') {
      if (Number(row.dim) !== model.dim) {
        throw new Error(`model ${model.id} was stored with dimension ${String(row.dim)}, now reports ${model.dim}`);
      }
      return row.vec_table;
    }
    if (!Number.isInteger(model.dim) || model.dim <= 0 || model.dim > MAX_DIM) throw new Error(`bad model dimension ${model.dim}`);
    const table = this.freeTableName();
    this.db.transaction(() => {
      this.db.exec(
        `CREATE VIRTUAL TABLE ${table} USING vec0(
           photo_id INTEGER PRIMARY KEY,
           embedding float[${model.dim}] distance_metric=l2,
           folder TEXT,
           taken_at INTEGER
         )`,
      );
      this.insertStmt.run(model.id, model.name, model.dim, table, Date.now());
    })();
    this.generation++;
    return table;
  }

  /**
   * Forgets a model's vectors: its vec0 table, its bookkeeping rows and its registration, in one
   * transaction (photos, folders, albums and every other model's vectors stay). False: not registered.
   */
  remove(id: string): boolean {
    const row: unknown = this.getStmt.get(id);
    if (!isRow(row) || typeof row.vec_table !== 'string') return false;
    const table = row.vec_table;
    // The name reaches SQL text (DDL takes no parameters): only the names freeTableName makes.
    if (!/^vec_model_\d+$/.test(table)) throw new Error(`unexpected vector table name ${table}`);
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      this.deleteEmbeddingsStmt.run(id);
      this.deleteModelStmt.run(id);
    })();
    this.generation++;
    return true;
  }

  list(): RegisteredModel[] {
    return this.listStmt.all().flatMap((row: unknown) => {
      if (!isRow(row) || typeof row.id !== 'string' || typeof row.vec_table !== 'string') return [];
      return [{ id: row.id, name: String(row.name), dim: Number(row.dim), table: row.vec_table, createdAt: Number(row.created_at) }];
    });
  }

  tables(): string[] {
    return this.list().map((m) => m.table);
  }

  /** vec_model_<n>, n one past the number of models (the historic naming), skipping any name in use. */
  private freeTableName(): string {
    const used = new Set(this.tables());
    for (let n = used.size + 1; ; n++) {
      const name = `vec_model_${n}`;
      if (!used.has(name) && this.tableExistsStmt.get(name) === undefined) return name;
    }
  }
}
