/**
 * Photos table access. Prepared statements are created once (conventions.md rule 10).
 */
import type { Database, Statement } from 'better-sqlite3';
import { ChangeStamp, StampedCache } from './change-stamp.js';
import { pathRangeUnder } from './path-range.js';
import { FINGERPRINT_COLUMNS, isRow, toPhotoFingerprint, toPhotoRecord, type PhotoFields, type PhotoFingerprint, type PhotoRecord } from './photo-record.js';

export type { PhotoFingerprint } from './photo-record.js';

const COLUMNS = `path, folder, size, mtime_ms, content_hash, status, skip_reason, skip_kind, format, width, height,
  taken_at, taken_at_source, camera_make, camera_model, gps_lat, gps_lon, indexed_at`;
const VALUES = `@path, @folder, @size, @mtimeMs, @contentHash, @status, @skipReason, @skipKind, @format, @width, @height,
  @takenAt, @takenAtSource, @cameraMake, @cameraModel, @gpsLat, @gpsLon, @indexedAt`;

export class PhotoStore {
  private readonly byPath: Statement;
  private readonly byId: Statement;
  private readonly byHash: Statement;
  private readonly under: Statement;
  private readonly insertStmt: Statement;
  private readonly replaceStmt: Statement;
  private readonly moveStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly pageIds: Statement;
  private readonly pageIdsUnder: Statement;
  private readonly pageCount: Statement;
  private readonly pageCountUnder: Statement;
  /** Indexed photos per folder key ('' for all), counted once per library change. */
  private readonly counts: StampedCache<string, number>;
  private readonly folderCountsStmt: Statement;

  constructor(private readonly db: Database) {
    this.byPath = db.prepare('SELECT * FROM photos WHERE path = ?');
    this.byId = db.prepare('SELECT * FROM photos WHERE id = ?');
    this.byHash = db.prepare('SELECT * FROM photos WHERE content_hash = ?');
    this.under = db.prepare(`SELECT ${FINGERPRINT_COLUMNS} FROM photos WHERE path >= @low AND path < @high`);
    this.insertStmt = db.prepare(`INSERT INTO photos (${COLUMNS}) VALUES (${VALUES})`);
    this.replaceStmt = db.prepare(
      `UPDATE photos SET (${COLUMNS}) = (${VALUES}) WHERE id = @id`,
    );
    this.moveStmt = db.prepare(
      'UPDATE photos SET path = @path, folder = @folder, mtime_ms = @mtimeMs, indexed_at = @indexedAt WHERE id = @id',
    );
    this.deleteStmt = db.prepare('DELETE FROM photos WHERE id = ?');
    // Ids first, from the covering index photos_library_order (status, taken_at DESC, id DESC):
    // a deep OFFSET then walks index entries only, not table rows (100k rows: ~10 ms, not ~150).
    // SQLite sorts NULL lowest, so undated photos come last.
    this.pageIds = db.prepare(
      `SELECT id FROM photos WHERE status = 'indexed'
       ORDER BY taken_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    );
    // Under a folder: the folder column (parent directory + separator) lies in the same range as
    // the paths under it, and the covering index photos_folder_order (status, folder, taken_at
    // DESC, id DESC; migration 7) reads that range alone and sorts it bounded by the page: at 1M
    // photos 0.1 ms for a small folder's page 1, 26 ms for a deep page of a 66k-photo folder
    // (over photos_library_order: 60 ms and 1.6 s; docs/benchmarks.md "Search at scale").
    this.pageIdsUnder = db.prepare(
      `SELECT id FROM photos WHERE status = 'indexed' AND folder >= @low AND folder < @high
       ORDER BY taken_at DESC, id DESC LIMIT @limit OFFSET @offset`,
    );
    this.pageCount = db.prepare("SELECT count(*) AS n FROM photos WHERE status = 'indexed'");
    this.pageCountUnder = db.prepare("SELECT count(*) AS n FROM photos WHERE status = 'indexed' AND folder >= @low AND folder < @high");
    this.counts = new StampedCache(new ChangeStamp(db));
    // The folder tree in one query: photos_folder is an index on this column (issue 13: no count per folder).
    this.folderCountsStmt = db.prepare("SELECT folder, count(*) AS n FROM photos WHERE status = 'indexed' GROUP BY folder");
  }

  getByPath(path: string): PhotoRecord | undefined {
    const row: unknown = this.byPath.get(path);
    return row === undefined ? undefined : toPhotoRecord(row);
  }

  get(id: number): PhotoRecord | undefined {
    const row: unknown = this.byId.get(id);
    return row === undefined ? undefined : toPhotoRecord(row);
  }

  findByHash(hash: string): PhotoRecord[] {
    return this.byHash.all(hash).map(toPhotoRecord);
  }

  /** Every photo whose path lies under `dir` (recursively). */
  fingerprintsUnder(dir: string): PhotoFingerprint[] {
    return this.under.all(pathRangeUnder(dir)).map(toPhotoFingerprint);
  }

  insert(fields: PhotoFields, indexedAt: number = Date.now()): number {
    const info = this.insertStmt.run({ ...fields, indexedAt });
    return Number(info.lastInsertRowid);
  }

  replace(id: number, fields: PhotoFields, indexedAt: number = Date.now()): void {
    this.replaceStmt.run({ ...fields, indexedAt, id });
  }

  move(id: number, path: string, folder: string, mtimeMs: number, indexedAt: number = Date.now()): void {
    this.moveStmt.run({ id, path, folder, mtimeMs, indexedAt });
  }

  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  /** Photos with status 'indexed' (what a model must have vectors for to answer for the whole library). */
  indexedCount(): number {
    const row: unknown = this.pageCount.get();
    return isRow(row) ? Number(row.n) : 0;
  }

  /** One page of indexed photos, newest first (unknown dates last), optionally under one folder. */
  page(offset: number, limit: number, under?: string): { total: number; photos: PhotoRecord[] } {
    const window = { limit: Math.max(0, Math.floor(limit)), offset: Math.max(0, Math.floor(offset)) };
    const range = under ? pathRangeUnder(under) : null;
    const total = this.countIndexed(under ?? '', () => (range ? this.pageCountUnder.get(range) : this.pageCount.get()));
    const idRows = range ? this.pageIdsUnder.all({ ...range, ...window }) : this.pageIds.all(window);
    const ids = idRows.flatMap((r: unknown) => (isRow(r) ? [Number(r.id)] : []));
    const byId = this.getMany(ids);
    return {
      total,
      photos: ids.flatMap((id) => {
        const p = byId.get(id);
        return p ? [p] : [];
      }),
    };
  }

  /**
   * Indexed photos (under a folder), counted once per library change: a grid page used to recount
   * them on every call (100,000 photos under a folder: ~50 ms; measured 2026-12-03).
   */
  private countIndexed(key: string, count: () => unknown): number {
    return this.counts.get(key, () => {
      const row = count();
      return isRow(row) ? Number(row.n) : 0;
    });
  }

  /** Indexed photos per folder that directly holds them (folder as stored: with a trailing separator). */
  folderCounts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const row of this.folderCountsStmt.all()) {
      if (isRow(row) && typeof row.folder === 'string') out.set(row.folder, Number(row.n));
    }
    return out;
  }

  /** Photos by id, in the order asked, for turning KNN hits into results. */
  getMany(ids: readonly number[]): Map<number, PhotoRecord> {
    const out = new Map<number, PhotoRecord>();
    for (const id of ids) {
      const rec = this.get(id);
      if (rec) out.set(id, rec);
    }
    return out;
  }
}
