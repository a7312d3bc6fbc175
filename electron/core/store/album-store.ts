/**
 * Albums as user data: name, include/exclude prompts and the user's accept/reject labels. Never
 * rebuilt from anything, so every write is one transaction and nothing here is derived (text
 * vectors, thresholds and probes are per model and live in memory: core/albums/).
 */
import type { Database, Statement } from 'better-sqlite3';
import { isRow } from './photo-record.js';

export interface AlbumRecord {
  id: number;
  name: string;
  include: string[];
  exclude: string[];
  createdAt: number;
  updatedAt: number;
}

export type AlbumLabelValue = 1 | -1;

export interface AlbumLabel {
  contentHash: string;
  label: AlbumLabelValue;
  path: string;
  labelledAt: number;
}

export interface NewAlbum {
  name: string;
  include: readonly string[];
  exclude: readonly string[];
}

export class AlbumStore {
  private readonly insertAlbum: Statement;
  private readonly insertPrompt: Statement;
  private readonly deletePrompts: Statement;
  private readonly listStmt: Statement;
  private readonly byName: Statement;
  private readonly byId: Statement;
  private readonly promptsOf: Statement;
  private readonly renameStmt: Statement;
  private readonly touchStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly labelsOf: Statement;
  private readonly upsertLabel: Statement;
  private readonly deleteLabel: Statement;
  private readonly labelCounts: Statement;

  constructor(private readonly db: Database) {
    this.insertAlbum = db.prepare('INSERT INTO albums (name, created_at, updated_at) VALUES (?, ?, ?)');
    this.insertPrompt = db.prepare('INSERT INTO album_prompts (album_id, kind, position, text) VALUES (?, ?, ?, ?)');
    this.deletePrompts = db.prepare('DELETE FROM album_prompts WHERE album_id = ?');
    this.listStmt = db.prepare('SELECT * FROM albums ORDER BY lower(name)');
    this.byName = db.prepare('SELECT * FROM albums WHERE lower(name) = lower(?)');
    this.byId = db.prepare('SELECT * FROM albums WHERE id = ?');
    this.promptsOf = db.prepare('SELECT kind, text FROM album_prompts WHERE album_id = ? ORDER BY kind, position');
    this.renameStmt = db.prepare('UPDATE albums SET name = ?, updated_at = ? WHERE id = ?');
    this.touchStmt = db.prepare('UPDATE albums SET updated_at = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM albums WHERE id = ?');
    this.labelsOf = db.prepare('SELECT content_hash, label, path, labelled_at FROM album_labels WHERE album_id = ? ORDER BY labelled_at, content_hash');
    this.upsertLabel = db.prepare(
      `INSERT INTO album_labels (album_id, content_hash, label, path, labelled_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (album_id, content_hash) DO UPDATE SET label = excluded.label, path = excluded.path, labelled_at = excluded.labelled_at`,
    );
    this.deleteLabel = db.prepare('DELETE FROM album_labels WHERE album_id = ? AND content_hash = ?');
    this.labelCounts = db.prepare(
      'SELECT album_id, sum(label = 1) AS accepted, sum(label = -1) AS rejected FROM album_labels GROUP BY album_id',
    );
  }

  create(album: NewAlbum): AlbumRecord {
    const now = Date.now();
    const id = this.db.transaction(() => {
      const info = this.insertAlbum.run(album.name, now, now);
      const albumId = Number(info.lastInsertRowid);
      this.writePrompts(albumId, album.include, album.exclude);
      return albumId;
    })();
    const created = this.get(id);
    if (!created) throw new Error('album vanished right after it was created');
    return created;
  }

  list(): AlbumRecord[] {
    return this.listStmt.all().flatMap((row: unknown) => {
      const album = this.fromRow(row);
      return album ? [album] : [];
    });
  }

  get(id: number): AlbumRecord | undefined {
    return this.fromRow(this.byId.get(id));
  }

  findByName(name: string): AlbumRecord | undefined {
    return this.fromRow(this.byName.get(name));
  }

  rename(id: number, name: string): void {
    this.renameStmt.run(name, Date.now(), id);
  }

  setPrompts(id: number, include: readonly string[], exclude: readonly string[]): void {
    this.db.transaction(() => {
      this.deletePrompts.run(id);
      this.writePrompts(id, include, exclude);
      this.touchStmt.run(Date.now(), id);
    })();
  }

  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  labels(id: number): AlbumLabel[] {
    return this.labelsOf.all(id).flatMap((row: unknown) => {
      if (!isRow(row) || typeof row.content_hash !== 'string') return [];
      const label: AlbumLabelValue = Number(row.label) === 1 ? 1 : -1;
      return [{ contentHash: row.content_hash, label, path: String(row.path), labelledAt: Number(row.labelled_at) }];
    });
  }

  /** Sets (or, with null, clears) labels in one transaction: a correction is all or nothing. */
  setLabels(id: number, changes: readonly { contentHash: string; path: string; label: AlbumLabelValue | null }[]): void {
    const now = Date.now();
    this.db.transaction(() => {
      for (const c of changes) {
        if (c.label === null) this.deleteLabel.run(id, c.contentHash);
        else this.upsertLabel.run(id, c.contentHash, c.label, c.path, now);
      }
      this.touchStmt.run(now, id);
    })();
  }

  /** accepted / rejected counts per album id. */
  labelCountsById(): Map<number, { accepted: number; rejected: number }> {
    const out = new Map<number, { accepted: number; rejected: number }>();
    for (const row of this.labelCounts.all()) {
      if (isRow(row)) out.set(Number(row.album_id), { accepted: Number(row.accepted ?? 0), rejected: Number(row.rejected ?? 0) });
    }
    return out;
  }

  private writePrompts(albumId: number, include: readonly string[], exclude: readonly string[]): void {
    include.forEach((text, i) => this.insertPrompt.run(albumId, 'include', i, text));
    exclude.forEach((text, i) => this.insertPrompt.run(albumId, 'exclude', i, text));
  }

  private fromRow(row: unknown): AlbumRecord | undefined {
    if (!isRow(row) || typeof row.name !== 'string') return undefined;
    const id = Number(row.id);
    const include: string[] = [];
    const exclude: string[] = [];
    for (const p of this.promptsOf.all(id)) {
      if (!isRow(p) || typeof p.text !== 'string') continue;
      (p.kind === 'exclude' ? exclude : include).push(p.text);
    }
    return { id, name: row.name, include, exclude, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) };
  }
}
