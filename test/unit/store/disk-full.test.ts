import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../electron/core/core-error.js';
import { freeSpaceToAskMb, isDiskFullError, MIN_FREE_MB, toDiskFullError } from '../../../electron/core/store/disk-full.js';

function errnoError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('full-disk errors', () => {
  it('recognises SQLite, Node and libvips spellings of a full disk, also as a cause', () => {
    expect(isDiskFullError(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'))).toBe(true);
    expect(isDiskFullError(new Database.SqliteError('disk I/O error: ENOSPC', 'SQLITE_IOERR_WRITE'))).toBe(true);
    expect(isDiskFullError(errnoError('ENOSPC', "ENOSPC: no space left on device, write"))).toBe(true);
    expect(isDiskFullError(new Error('VipsForeignSaveWebp: No space left on device'))).toBe(true);
    expect(isDiskFullError(new Error('indexing failed', { cause: new Database.SqliteError('database or disk is full', 'SQLITE_FULL') }))).toBe(true);
  });

  it('does not call other failures a full disk', () => {
    expect(isDiskFullError(new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'))).toBe(false);
    expect(isDiskFullError(errnoError('EACCES', 'EACCES: permission denied'))).toBe(false);
    expect(isDiskFullError(new Database.SqliteError('database is locked', 'SQLITE_BUSY'))).toBe(false);
    expect(isDiskFullError('ENOSPC')).toBe(false);
    expect(toDiskFullError(new Error('boom'))).toBeNull();
  });

  it('turns one into a DISK_FULL CoreError that says what to free and that nothing is lost', () => {
    const err = toDiskFullError(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'), '/media/usb/Recollect/library.db');
    expect(err).toBeInstanceOf(CoreError);
    expect(err?.code).toBe('DISK_FULL');
    expect(err?.message).toBe(`The disk holding the library (/media/usb/Recollect) is full: free ${MIN_FREE_MB} MB and run again; nothing indexed so far is lost.`);
  });

  it('asks for a quarter of a big library, and never less than the floor', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-full-'));
    const file = path.join(dir, 'library.db');
    try {
      expect(freeSpaceToAskMb(file)).toBe(MIN_FREE_MB);
      fs.writeFileSync(file, '');
      fs.truncateSync(file, 2000 * 1024 * 1024);
      expect(freeSpaceToAskMb(file)).toBe(500);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
