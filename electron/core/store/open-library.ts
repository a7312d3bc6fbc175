/**
 * Opens (or creates) the one SQLite library file: pragmas, sqlite-vec, migrations.
 * All SQL lives under core/store (conventions.md rule 10). Never imports embed/ or hosts.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { CoreError, describeError } from '../core-error.js';
import { migrate } from './migrations.js';

export interface OpenLibraryOptions {
  /** Open for reading only (search, status); no migrations, no writes. */
  readonly?: boolean;
}

export interface Library {
  readonly db: Db;
  readonly file: string;
  readonly readonly: boolean;
  close(): void;
}

/**
 * In a packaged app the extension lies in app.asar.unpacked: SQLite's dlopen cannot read inside an
 * asar archive (electron-builder.yml unpacks it). A no-op everywhere else.
 */
export function unpackedExtensionPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

function isWritableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function sqliteCode(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return '';
}

function translateOpenError(file: string, err: unknown): CoreError {
  const code = sqliteCode(err);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new CoreError(
      'LIBRARY_CORRUPT',
      `${file} is not a Recollect library or is damaged (${describeError(err)}). Move it aside and index again; your photos are untouched.`,
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new CoreError(
      'LIBRARY_READ_ONLY',
      `Cannot write the library at ${file} (${describeError(err)}). Choose a writable location for the library.`,
      { cause: err },
    );
  }
  return new CoreError('LIBRARY_OPEN_FAILED', `Cannot open the library at ${file}: ${describeError(err)}`, { cause: err });
}

export function openLibrary(file: string, options: OpenLibraryOptions = {}): Library {
  const readonly = options.readonly ?? false;
  const dir = path.dirname(file);
  if (readonly && !fs.existsSync(file)) {
    throw new CoreError('LIBRARY_OPEN_FAILED', `No library at ${file} yet. Run "recollect index <folder>" first.`);
  }
  if (!readonly) {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw translateOpenError(file, err);
    }
    // Root passes access() checks everywhere, but a read-only mount still fails below; this check
    // gives ordinary users the clear message before SQLite's generic "unable to open".
    if (!isWritableDir(dir)) {
      throw new CoreError(
        'LIBRARY_READ_ONLY',
        `Cannot write the library at ${file}: the folder ${dir} is read-only. Choose a writable location for the library.`,
      );
    }
  }
  let db: Db;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
    db.loadExtension(unpackedExtensionPath(sqliteVec.getLoadablePath()));
    db.pragma('busy_timeout = 5000');
    if (!readonly) {
      // WAL: readers never block the indexer, and a killed process loses at most the open transaction.
      db.pragma('journal_mode = WAL');
      // NORMAL is durable against process crashes (SIGKILL) in WAL mode; only power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    // vec0 KNN is a brute-force scan: mmap makes it ~1.5x faster (ml-notes.md, sqlite-vec measurements).
    db.pragma('mmap_size = 1073741824');
    // Touch the schema so a non-database file fails here, with a clear message, not on first query.
    db.pragma('user_version');
    if (!readonly) migrate(db);
  } catch (err) {
    if (err instanceof CoreError) throw err;
    throw translateOpenError(file, err);
  }
  return {
    db,
    file,
    readonly,
    close: () => {
      if (db.open) db.close();
    },
  };
}
