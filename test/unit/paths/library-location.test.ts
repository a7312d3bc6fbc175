import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLibraryFile, resolveLibraryFile } from '../../../electron/paths/library-location.js';

describe('library location', () => {
  it("is the per-user app-data folder Electron's userData uses, per platform", () => {
    expect(defaultLibraryFile('linux', {})).toBe(path.join(os.homedir(), '.config', 'Recollect', 'library.db'));
    expect(defaultLibraryFile('linux', { XDG_CONFIG_HOME: '/x/cfg' })).toBe(path.join('/x/cfg', 'Recollect', 'library.db'));
    expect(defaultLibraryFile('darwin', {})).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'Recollect', 'library.db'));
    expect(defaultLibraryFile('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' })).toBe(
      path.join('C:\\Users\\a\\AppData\\Roaming', 'Recollect', 'library.db'),
    );
  });
  it('honours --library first, then RECOLLECT_LIBRARY', () => {
    expect(resolveLibraryFile('/tmp/a.db', { RECOLLECT_LIBRARY: '/tmp/b.db' })).toBe('/tmp/a.db');
    expect(resolveLibraryFile(undefined, { RECOLLECT_LIBRARY: '/tmp/b.db' })).toBe('/tmp/b.db');
  });
});
