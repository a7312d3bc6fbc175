import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderStore } from '../../electron/core/store/folder-store.js';
import { openLibrary } from '../../electron/core/store/open-library.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-folders-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('library folders', () => {
  it('never lists a photo under two folders: inner folders are covered, outer ones replace inner ones', () => {
    const lib = openLibrary(path.join(tmp, 'library.db'));
    const folders = new FolderStore(lib.db);
    folders.add('/photos/2020');
    folders.add('/photos/2020/trip');
    expect(folders.list().map((f) => f.path)).toEqual(['/photos/2020']);
    folders.add('/photos/2021');
    folders.add('/photos');
    expect(folders.list().map((f) => f.path)).toEqual(['/photos']);
    folders.add('/photos-old');
    expect(folders.list().map((f) => f.path)).toEqual(['/photos', '/photos-old']);
    lib.close();
  });
});
