/**
 * The queries behind duplicate finding: byte copies (indexed photos sharing a content hash, from
 * the photos_content_hash index) and a cheap version stamp of the photos table, so derived
 * results can be cached until the library changes.
 */
import type { Database, Statement } from 'better-sqlite3';
import { isRow } from './photo-record.js';

export class DuplicateStore {
  private readonly copiesStmt: Statement;
  private readonly extraStmt: Statement;
  private readonly versionStmt: Statement;
  private readonly datedStmt: Statement;

  constructor(db: Database) {
    this.copiesStmt = db.prepare(
      `SELECT id, content_hash FROM photos WHERE status = 'indexed' AND content_hash IN (
         SELECT content_hash FROM photos WHERE status = 'indexed' AND content_hash IS NOT NULL
         GROUP BY content_hash HAVING count(*) > 1)
       ORDER BY content_hash, id`,
    );
    this.extraStmt = db.prepare(
      "SELECT count(*) - count(DISTINCT content_hash) AS n FROM photos WHERE status = 'indexed' AND content_hash IS NOT NULL",
    );
    // Inserts raise max(id), deletes lower count(*), replace and move raise max(indexed_at).
    this.versionStmt = db.prepare('SELECT count(*) AS n, max(id) AS id, max(indexed_at) AS at FROM photos');
    this.datedStmt = db.prepare(
      "SELECT id, taken_at FROM photos WHERE status = 'indexed' AND taken_at_source = 'exif' AND taken_at IS NOT NULL ORDER BY taken_at, id",
    );
  }

  /** Ids of indexed photos by content hash, for every hash held by more than one photo. */
  byteCopies(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const row of this.copiesStmt.all()) {
      if (!isRow(row) || typeof row.content_hash !== 'string') continue;
      const ids = out.get(row.content_hash) ?? [];
      ids.push(Number(row.id));
      out.set(row.content_hash, ids);
    }
    return out;
  }

  /** Indexed photos that repeat the bytes of another one (what "counted once" subtracts). */
  extraCopies(): number {
    const row: unknown = this.extraStmt.get();
    return isRow(row) ? Number(row.n) : 0;
  }

  /** Changes whenever a photo is added, replaced, moved or removed. */
  version(): string {
    const row: unknown = this.versionStmt.get();
    return isRow(row) ? `${String(row.n)}:${String(row.id)}:${String(row.at)}` : '';
  }

  /** Photos with a camera date (EXIF), oldest first: the candidates for bursts. */
  datedPhotos(): { id: number; takenAt: number }[] {
    return this.datedStmt.all().flatMap((row: unknown) => (isRow(row) ? [{ id: Number(row.id), takenAt: Number(row.taken_at) }] : []));
  }
}
