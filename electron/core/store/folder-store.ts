/**
 * The user's photo folders (library roots): user data, kept across every fault. Removing a folder
 * forgets its photos and vectors in the library; it never touches the disk.
 */
import type { Database, Statement } from 'better-sqlite3';
import { ChangeStamp, StampedCache } from './change-stamp.js';
import { pathRangeUnder } from './path-range.js';
import { isRow } from './photo-record.js';
import { ModelRegistry } from './model-registry.js';
import { VectorMaintenance } from './vector-maintenance.js';

export interface FolderRow {
  path: string;
  addedAt: number;
  photos: number;
}

export class FolderStore {
  private readonly listStmt: Statement;
  private readonly addStmt: Statement;
  private readonly removeStmt: Statement;
  private readonly countUnder: Statement;
  private readonly idsUnder: Statement;

  private readonly deletePhoto: Statement;
  private readonly counted: StampedCache<'folders', FolderRow[]>;

  constructor(
    private readonly db: Database,
    private readonly vectors: VectorMaintenance = new VectorMaintenance(db, new ModelRegistry(db)),
  ) {
    this.listStmt = db.prepare('SELECT path, added_at FROM folders ORDER BY path');
    this.addStmt = db.prepare('INSERT OR IGNORE INTO folders (path, added_at) VALUES (?, ?)');
    this.removeStmt = db.prepare('DELETE FROM folders WHERE path = ?');
    // Indexed photos only: the count beside a folder matches what its grid shows.
    // Over the folder column: a range of the covering index photos_folder_order (migration 7).
    this.countUnder = db.prepare("SELECT count(*) AS n FROM photos WHERE status = 'indexed' AND folder >= @low AND folder < @high");
    this.idsUnder = db.prepare('SELECT id, path FROM photos WHERE path >= @low AND path < @high');
    this.deletePhoto = db.prepare('DELETE FROM photos WHERE id = ?');
    this.counted = new StampedCache(new ChangeStamp(db));
  }

  /** The folders with their indexed-photo counts (recounted only after the library changed). */
  list(): FolderRow[] {
    return this.counted.get('folders', () => this.countFolders());
  }

  /** The folder paths alone: what access checks need, without counting anything. */
  paths(): string[] {
    return this.listStmt.all().flatMap((row: unknown) => (isRow(row) && typeof row.path === 'string' ? [row.path] : []));
  }

  private countFolders(): FolderRow[] {
    return this.listStmt.all().flatMap((row: unknown) => {
      if (!isRow(row) || typeof row.path !== 'string') return [];
      const n: unknown = this.countUnder.get(pathRangeUnder(row.path));
      return [{ path: row.path, addedAt: Number(row.added_at), photos: isRow(n) ? Number(n.n) : 0 }];
    });
  }

  /**
   * Adds a photo folder. A folder inside one already kept adds nothing (its photos are covered);
   * a folder around kept ones replaces them, so no photo is listed under two folders.
   */
  add(folderPath: string): void {
    const kept = this.paths();
    const inside = (child: string, parent: string) => {
      const r = pathRangeUnder(parent);
      return child >= r.low && child < r.high;
    };
    if (kept.some((k) => k === folderPath || inside(folderPath, k))) return;
    this.db.transaction(() => {
      for (const k of kept) if (inside(k, folderPath)) this.removeStmt.run(k);
      this.addStmt.run(folderPath, Date.now());
    })();
  }

  /** Forgets the folder and every photo under it that no other kept folder contains. */
  remove(folderPath: string): number {
    let removed = 0;
    this.db.transaction(() => {
      this.removeStmt.run(folderPath);
      const kept = this.list().map((f) => pathRangeUnder(f.path));
      for (const row of this.idsUnder.all(pathRangeUnder(folderPath))) {
        if (!isRow(row)) continue;
        const id = Number(row.id);
        const p = typeof row.path === 'string' ? row.path : '';
        if (kept.some((r) => p >= r.low && p < r.high)) continue;
        this.vectors.deleteEverywhere(id);
        this.deletePhoto.run(id);
        removed++;
      }
    })();
    return removed;
  }
}
