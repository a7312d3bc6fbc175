/**
 * Reads one model's vectors in bulk for a derived in-memory index (search/accel/), and tells it
 * what changed since (the vector_log of migration 6). Read-only: the vec0 table stays the source
 * of truth, this is how a copy of it is made and kept in step.
 *
 * Bulk read: vec0 hands out a row's vector at ~20 us through its virtual table (1M rows: 20 s),
 * but it stores them in chunks of 1,024 vectors, one blob per chunk in `<table>_vector_chunks00`,
 * with `<table>_rowids` saying which photo sits at which chunk offset (sqlite-vec 0.1.9, pinned in
 * package.json). Reading the blobs costs what reading 2 KB per row from SQLite costs. Where those
 * shadow tables do not look as expected the slow path through vec0 is used, so a sqlite-vec
 * upgrade can make the build slower, never wrong.
 */
import type { Database, Statement } from 'better-sqlite3';
import { isRow } from './photo-record.js';
import { fromBlob } from './vector-store.js';

/** A photo's filter keys, as the vec0 metadata columns hold them. */
export interface FilterKeys {
  folder: string;
  /** taken_at, or the file's mtime where the photo has no date (what the indexer stores in vec0). */
  takenAt: number;
}

export interface VectorChanges {
  /** The log no longer reaches back to the asked sequence: rebuild from scratch. */
  trimmed: boolean;
  /** Photos whose vector (this model) or filter keys (every model) changed, once each. */
  photoIds: number[];
  /** Sequence to ask from next time. */
  seq: number;
}

/** Gets each stored vector; bulk reads pass one reused buffer, so copy what you keep. */
export type RowSink = (photoId: number, vector: Float32Array) => void;

function tableExists(db: Database, name: string): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name) !== undefined;
}

export class VectorSnapshot {
  private readonly hasLog: boolean;
  private readonly seqStmt: Statement | null;
  private readonly minSeqStmt: Statement | null;
  private readonly changesStmt: Statement | null;
  private readonly keysStmt: Statement;
  private readonly keysOfStmt: Statement;
  private readonly countStmt: Statement;
  /** The chunk-path statements, prepared on the first bulk read (null: shadow tables not there). */
  private chunkStmts: { positions: Statement; blob: Statement } | null | undefined;
  private allStmt: Statement | null = null;

  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly modelId: string,
    private readonly dim: number,
  ) {
    // A read-only library at an older schema has no log: callers then build once and never update.
    this.hasLog = tableExists(db, 'vector_log');
    this.seqStmt = this.hasLog ? db.prepare('SELECT coalesce(max(seq), 0) AS s FROM vector_log') : null;
    this.minSeqStmt = this.hasLog ? db.prepare('SELECT min(seq) AS s FROM vector_log') : null;
    this.changesStmt = this.hasLog
      ? db.prepare('SELECT DISTINCT photo_id FROM vector_log WHERE seq > @seq AND seq <= @upto AND (model_id = @model OR model_id IS NULL)')
      : null;
    this.keysStmt = db.prepare('SELECT id, folder, coalesce(taken_at, mtime_ms) AS t FROM photos');
    this.keysOfStmt = db.prepare(
      'SELECT p.id, p.folder, coalesce(p.taken_at, p.mtime_ms) AS t FROM json_each(?) AS ids CROSS JOIN photos AS p ON p.id = ids.value',
    );
    // Migration 8 keeps the counts; a read-only library at an older schema counts the rows.
    this.countStmt = tableExists(db, 'vector_counts')
      ? db.prepare('SELECT coalesce((SELECT n FROM vector_counts WHERE model_id = ?), 0) AS n')
      : db.prepare('SELECT count(*) AS n FROM embeddings WHERE model_id = ?');
  }

  /** Whether changes can be followed (migration 6 applied). */
  get followsChanges(): boolean {
    return this.hasLog;
  }

  /** The latest change sequence (0 when nothing was logged; also 0 without a log). */
  seq(): number {
    const row: unknown = this.seqStmt?.get();
    return isRow(row) ? Number(row.s) : 0;
  }

  /** Photos with a vector under this model (kept by triggers; a count(*) on an older read-only library). */
  count(): number {
    const row: unknown = this.countStmt.get(this.modelId);
    return isRow(row) ? Number(row.n) : 0;
  }

  changesSince(seq: number): VectorChanges {
    const upto = this.seq();
    if (!this.changesStmt || upto <= seq) return { trimmed: !this.hasLog && upto > seq, photoIds: [], seq: upto };
    const min: unknown = this.minSeqStmt?.get();
    const trimmed = isRow(min) && min.s !== null && Number(min.s) > seq + 1;
    if (trimmed) return { trimmed, photoIds: [], seq: upto };
    const photoIds = this.changesStmt
      .all({ seq, upto, model: this.modelId })
      .flatMap((r: unknown) => (isRow(r) ? [Number(r.photo_id)] : []));
    return { trimmed: false, photoIds, seq: upto };
  }

  /**
   * Every vector of the vec0 table with the change sequence it reflects, read in one transaction
   * (a consistent snapshot under WAL). Returns how many rows were handed to `sink`. A row whose
   * photo is gone can exist (the photo deleted without VectorMaintenance): callers keep only
   * photos that eachFilterKeys names.
   */
  readAll(sink: RowSink): { rows: number; seq: number } {
    return this.db.transaction(() => {
      const seq = this.seq();
      const fast = this.readChunks(sink);
      return { rows: fast ?? this.readThroughVec0(sink), seq };
    })();
  }

  /** Filter keys of every photo (the caller keeps those it has vectors for). */
  eachFilterKeys(sink: (photoId: number, keys: FilterKeys) => void): void {
    for (const row of this.keysStmt.iterate()) {
      if (isRow(row)) sink(Number(row.id), { folder: String(row.folder), takenAt: Number(row.t) });
    }
  }

  filterKeysOf(photoIds: readonly number[]): Map<number, FilterKeys> {
    const out = new Map<number, FilterKeys>();
    if (photoIds.length === 0) return out;
    for (const row of this.keysOfStmt.all(JSON.stringify(photoIds))) {
      if (isRow(row)) out.set(Number(row.id), { folder: String(row.folder), takenAt: Number(row.t) });
    }
    return out;
  }

  /** The fast path over vec0's shadow tables; null (nothing handed out) when they look unfamiliar. */
  private readChunks(sink: RowSink): number | null {
    const stmts = this.chunkStatements();
    if (!stmts) return null;
    let positions: { id: number; chunk: number; offset: number }[];
    try {
      positions = stmts.positions
        .all()
        .flatMap((r: unknown) => (isRow(r) ? [{ id: Number(r.id), chunk: Number(r.chunk_id), offset: Number(r.chunk_offset) }] : []));
    } catch {
      return null;
    }
    const rowBytes = this.dim * 4;
    // One aligned buffer for every row: a copy per row was 2 GB of garbage at 1M rows.
    const scratch = new Float32Array(this.dim);
    const scratchBytes = new Uint8Array(scratch.buffer);
    const blobStmt = stmts.blob;
    let i = 0;
    let handed = 0;
    while (i < positions.length) {
      const chunk = positions[i]?.chunk ?? 0;
      const row: unknown = blobStmt.get(chunk);
      const blob = isRow(row) ? row.vectors : null;
      if (!(blob instanceof Uint8Array)) return handed === 0 ? null : this.unfamiliar();
      for (; i < positions.length && positions[i]?.chunk === chunk; i++) {
        const p = positions[i];
        if (!p) break;
        const start = p.offset * rowBytes;
        if (start + rowBytes > blob.byteLength) return handed === 0 ? null : this.unfamiliar();
        // Copied into the aligned buffer: SQLite's blob need not be 4-byte aligned.
        scratchBytes.set(blob.subarray(start, start + rowBytes));
        sink(p.id, scratch);
        handed++;
      }
    }
    return handed;
  }

  private chunkStatements(): { positions: Statement; blob: Statement } | null {
    if (this.chunkStmts !== undefined) return this.chunkStmts;
    const rowids = `${this.table}_rowids`;
    const chunks = `${this.table}_vector_chunks00`;
    try {
      this.chunkStmts =
        tableExists(this.db, rowids) && tableExists(this.db, chunks)
          ? {
              positions: this.db.prepare(`SELECT rowid AS id, chunk_id, chunk_offset FROM ${rowids} WHERE chunk_id IS NOT NULL ORDER BY chunk_id, chunk_offset`),
              blob: this.db.prepare(`SELECT vectors FROM ${chunks} WHERE rowid = ?`),
            }
          : null;
    } catch {
      this.chunkStmts = null;
    }
    return this.chunkStmts;
  }

  private unfamiliar(): never {
    throw new Error(`vector table ${this.table}: chunk layout changed while reading; rebuild the search index`);
  }

  private readThroughVec0(sink: RowSink): number {
    let n = 0;
    this.allStmt ??= this.db.prepare(`SELECT photo_id, embedding FROM ${this.table}`);
    for (const row of this.allStmt.iterate()) {
      if (!isRow(row)) continue;
      sink(Number(row.photo_id), fromBlob(row.embedding));
      n++;
    }
    return n;
  }
}
