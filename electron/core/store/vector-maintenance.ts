/**
 * Keeps every model's vectors in step with the photos table: a photo that leaves the library loses
 * its vectors under every model, and a moved photo's filter columns follow it in every vec0 table.
 * Call inside the transaction that changes the photo. Statements are prepared once per table and
 * refreshed when a model is registered (ModelRegistry.version).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ModelRegistry } from './model-registry.js';

interface TableStatements {
  delete: Statement;
  updateMeta: Statement;
}

export class VectorMaintenance {
  private readonly unmarkAll: Statement;
  private statements: TableStatements[] = [];
  private preparedFor = -1;

  constructor(
    private readonly db: Database,
    private readonly registry: ModelRegistry,
  ) {
    this.unmarkAll = db.prepare('DELETE FROM embeddings WHERE photo_id = ?');
  }

  /** Removes a photo's vectors under every model. */
  deleteEverywhere(photoId: number): void {
    // vec0 rejects REAL primary keys, and better-sqlite3 binds JS numbers as REAL: bind BigInt.
    for (const t of this.perTable()) t.delete.run(BigInt(photoId));
    this.unmarkAll.run(photoId);
  }

  /** Keeps every model's filter columns in step after a move. */
  updateMetaEverywhere(photoId: number, folder: string, takenAt: number): void {
    for (const t of this.perTable()) t.updateMeta.run(folder, BigInt(Math.round(takenAt)), BigInt(photoId));
  }

  private perTable(): TableStatements[] {
    // Another process (the CLI beside the app) may register a model: re-read when our registry
    // says so, and also when the table count on disk differs.
    const tables = this.registry.tables();
    if (this.preparedFor !== this.registry.version || tables.length !== this.statements.length) {
      this.statements = tables.map((table) => ({
        delete: this.db.prepare(`DELETE FROM ${table} WHERE photo_id = ?`),
        updateMeta: this.db.prepare(`UPDATE ${table} SET folder = ?, taken_at = ? WHERE photo_id = ?`),
      }));
      this.preparedFor = this.registry.version;
    }
    return this.statements;
  }
}
