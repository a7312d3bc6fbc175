/**
 * Numbered, forward-only schema migrations keyed on PRAGMA user_version (architecture.md "Storage").
 * Each step runs in its own transaction, so a process killed mid-migration leaves the previous version.
 * Vector tables are not created here: one vec0 table per model is created on demand (vector-store.ts),
 * so several models' vectors can live side by side.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'photos, folders, models, embeddings bookkeeping, settings',
    up: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE folders (
        id       INTEGER PRIMARY KEY,
        path     TEXT NOT NULL UNIQUE,
        added_at INTEGER NOT NULL
      );
      CREATE TABLE photos (
        id              INTEGER PRIMARY KEY,
        path            TEXT NOT NULL UNIQUE,
        folder          TEXT NOT NULL,
        size            INTEGER NOT NULL,
        mtime_ms        INTEGER NOT NULL,
        content_hash    TEXT,
        status          TEXT NOT NULL CHECK (status IN ('indexed', 'skipped')),
        skip_reason     TEXT,
        format          TEXT,
        width           INTEGER,
        height          INTEGER,
        taken_at        INTEGER,
        taken_at_source TEXT,
        camera_make     TEXT,
        camera_model    TEXT,
        gps_lat         REAL,
        gps_lon         REAL,
        indexed_at      INTEGER NOT NULL
      );
      CREATE INDEX photos_content_hash ON photos(content_hash);
      CREATE INDEX photos_folder ON photos(folder);
      CREATE INDEX photos_taken_at ON photos(taken_at);
      CREATE TABLE models (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        dim        INTEGER NOT NULL,
        vec_table  TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );
      -- Which photo has a vector under which model: lets "what still needs embedding" be one indexed query.
      CREATE TABLE embeddings (
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        PRIMARY KEY (photo_id, model_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'index for the library grid order (date taken, newest first)',
    up: `CREATE INDEX photos_library_order ON photos(status, taken_at DESC, id DESC);`,
  },
  {
    version: 3,
    // Issue 8: a file skipped for a permission or I/O error must be retried after a chmod, which
    // leaves size and mtime alone; corrupt files keep the cheap path. Old skips get NULL (unknown):
    // they are retried once, which records their kind.
    description: 'why a photo was skipped (content, access, io, vanished)',
    up: `ALTER TABLE photos ADD COLUMN skip_kind TEXT CHECK (skip_kind IN ('content', 'access', 'io', 'vanished'));`,
  },
  {
    version: 4,
    description: 'albums: user data (name, prompts, accept/reject labels) that survives every model switch',
    up: `
      CREATE TABLE albums (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- Names are unique as a person reads them: "Cats" and "cats" are one album.
      CREATE UNIQUE INDEX albums_name ON albums(lower(name));
      CREATE TABLE album_prompts (
        album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
        kind     TEXT NOT NULL CHECK (kind IN ('include', 'exclude')),
        position INTEGER NOT NULL,
        text     TEXT NOT NULL,
        PRIMARY KEY (album_id, kind, position)
      ) WITHOUT ROWID;
      -- Labels are keyed by content hash, not by photo row: a moved, re-added or re-indexed photo
      -- keeps its label (albums.md). The path is what the user saw, for "why" and listings.
      CREATE TABLE album_labels (
        album_id     INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        label        INTEGER NOT NULL CHECK (label IN (1, -1)),
        path         TEXT NOT NULL,
        labelled_at  INTEGER NOT NULL,
        PRIMARY KEY (album_id, content_hash)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    // Issue 10: the sort journal. Every file operation of a sort run is a row written before it
    // starts and after it ends (with the hashes that let a rerun tell what happened and an undo
    // tell what the user changed since). User data: never rebuilt, never pruned automatically.
    description: 'sort to disk: runs and their journalled steps (undo, resume after a crash)',
    up: `
      CREATE TABLE sort_runs (
        id          INTEGER PRIMARY KEY,
        created_at  INTEGER NOT NULL,
        target      TEXT NOT NULL,
        mode        TEXT NOT NULL CHECK (mode IN ('copy', 'hardlink', 'move')),
        xmp         INTEGER NOT NULL,
        state       TEXT NOT NULL CHECK (state IN ('applying', 'applied', 'stopped', 'undoing', 'undone')),
        -- The process applying or undoing the run: a run left 'applying' by a dead process is resumed.
        pid         INTEGER,
        finished_at INTEGER,
        undone_at   INTEGER,
        albums      TEXT NOT NULL
      );
      -- No foreign key to photos: a photo removed from the library later must not take its step
      -- (the file on disk is still the run's) with it.
      CREATE TABLE sort_steps (
        run_id   INTEGER NOT NULL REFERENCES sort_runs(id) ON DELETE CASCADE,
        seq      INTEGER NOT NULL,
        kind     TEXT NOT NULL CHECK (kind IN ('mkdir', 'copy', 'hardlink', 'move', 'xmp')),
        src      TEXT,
        dst      TEXT NOT NULL,
        size     INTEGER NOT NULL,
        album    TEXT,
        photo_id INTEGER,
        keywords TEXT,
        state    TEXT NOT NULL CHECK (state IN ('pending', 'started', 'done', 'failed', 'undoing', 'undone', 'kept')),
        src_hash TEXT,
        dst_hash TEXT,
        note     TEXT,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    // Issue 14: the search accelerator (search/accel/) is an in-memory copy of each model's vectors
    // that must follow every change, also those another process makes (the CLI beside the app).
    // Triggers log which photo changed for which model (NULL: every model, its filter keys moved);
    // a copy at sequence s re-reads the photos logged after s, or rebuilds when the log was trimmed
    // past s. Only the last 262,144 entries are kept (about 5 MB), trimmed every 4,096.
    description: 'vector change log for derived search indexes',
    up: `
      CREATE TABLE vector_log (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        model_id TEXT,
        photo_id INTEGER NOT NULL
      );
      CREATE TRIGGER vector_log_put AFTER INSERT ON embeddings
        BEGIN INSERT INTO vector_log (model_id, photo_id) VALUES (new.model_id, new.photo_id); END;
      CREATE TRIGGER vector_log_gone AFTER DELETE ON embeddings
        BEGIN INSERT INTO vector_log (model_id, photo_id) VALUES (old.model_id, old.photo_id); END;
      CREATE TRIGGER vector_log_moved AFTER UPDATE OF folder, taken_at, mtime_ms ON photos
        BEGIN INSERT INTO vector_log (model_id, photo_id) VALUES (NULL, new.id); END;
      CREATE TRIGGER vector_log_trim AFTER INSERT ON vector_log WHEN new.seq % 4096 = 0
        BEGIN DELETE FROM vector_log WHERE seq <= new.seq - 262144; END;
    `,
  },
  {
    version: 7,
    // Issue 14: a folder's grid page walked photos_library_order and read each row's path to
    // filter it: 1M photos, page 1 of a 660-photo folder 60 ms, a deep page of a 66k-photo folder
    // 1.6 s. Over this covering index the folder is a range of integers-cheap index keys and the
    // page a bounded sort of that range: 0.1 ms and 26 ms (measured here, docs/benchmarks.md).
    description: 'index for folder-filtered grid pages (folder, then date taken, newest first)',
    up: `CREATE INDEX photos_folder_order ON photos(status, folder, taken_at DESC, id DESC);`,
  },
  {
    version: 8,
    // Issue 14: a fresh process trusting the search cache file compares its row count with the
    // library's; count(*) over embeddings walked every row (1M photos: ~120 ms of the first query,
    // profiled 2026-12-03). Kept by triggers instead. The put trigger runs BEFORE the insert and
    // counts only a new pair: VectorStore writes with INSERT OR REPLACE, whose implicit delete of
    // an existing pair fires no delete trigger (recursive_triggers is off).
    description: 'vector counts per model, kept by triggers',
    up: `
      CREATE TABLE vector_counts (
        model_id TEXT PRIMARY KEY,
        n        INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO vector_counts (model_id, n) SELECT model_id, count(*) FROM embeddings GROUP BY model_id;
      CREATE TRIGGER vector_counts_put BEFORE INSERT ON embeddings
        WHEN NOT EXISTS (SELECT 1 FROM embeddings WHERE photo_id = new.photo_id AND model_id = new.model_id)
        BEGIN
          INSERT INTO vector_counts (model_id, n) VALUES (new.model_id, 1)
            ON CONFLICT (model_id) DO UPDATE SET n = n + 1;
        END;
      CREATE TRIGGER vector_counts_gone AFTER DELETE ON embeddings
        BEGIN UPDATE vector_counts SET n = n - 1 WHERE model_id = old.model_id; END;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Bring the database to SCHEMA_VERSION. Returns the versions applied. */
export function migrate(db: Database): number[] {
  const current = db.pragma('user_version', { simple: true });
  const from = typeof current === 'number' ? current : 0;
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `library was written by a newer Recollect (schema ${from}, this version knows ${SCHEMA_VERSION}); update the app`,
    );
  }
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
