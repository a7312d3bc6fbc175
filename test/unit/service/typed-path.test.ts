import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSubfolders } from '../../../electron/service/subfolder-listing.js';
import { resolveTypedPath } from '../../../electron/service/typed-path.js';

describe('resolveTypedPath', () => {
  it('expands ~ to the home folder', () => {
    expect(resolveTypedPath('~/Pictures', '/home/ann')).toBe('/home/ann/Pictures');
    expect(resolveTypedPath(' ~ ', '/home/ann')).toBe('/home/ann');
  });

  it('keeps a full path as it is', () => {
    expect(resolveTypedPath('/media/disk/Photos/', '/home/ann')).toBe('/media/disk/Photos');
  });

  it('refuses a relative path in words, instead of resolving it against the server\'s folder', () => {
    expect(() => resolveTypedPath('Pictures', '/home/ann')).toThrow(/"Pictures" is not a full path\. Type the whole path \(for example \/home\/ann\/Pictures or ~\/Pictures\)/);
    expect(() => resolveTypedPath('./Pictures', '/home/ann')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('listSubfolders', () => {
  let home = '';
  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-browse-'));
    await fs.mkdir(path.join(home, 'Pictures', '2024'), { recursive: true });
    await fs.mkdir(path.join(home, 'Documents'));
    await fs.mkdir(path.join(home, '.cache'));
    await fs.writeFile(path.join(home, 'notes.txt'), 'not a folder');
    await fs.symlink(path.join(home, 'Pictures'), path.join(home, 'Photos link'));
  });
  afterAll(() => fs.rm(home, { recursive: true, force: true }));

  it('lists the folders of the home folder when asked for none, without files or hidden folders', async () => {
    const listing = await listSubfolders(null, home);
    expect(listing.path).toBe(home);
    expect(listing.parent).toBe(path.dirname(home));
    expect(listing.folders.map((f) => f.name)).toEqual(['Documents', 'Photos link', 'Pictures']);
  });

  it('goes down with a typed path, ~ included', async () => {
    const listing = await listSubfolders('~/Pictures', home);
    expect(listing).toEqual({ path: path.join(home, 'Pictures'), parent: home, folders: [{ name: '2024', path: path.join(home, 'Pictures', '2024') }] });
  });

  it('says in words when a folder cannot be opened', async () => {
    await expect(listSubfolders(path.join(home, 'nope'), home)).rejects.toMatchObject({ code: 'FOLDER_NOT_FOUND', message: expect.stringMatching(/^Cannot open .*nope/) });
  });

  it('has no parent at the top of the file system', async () => {
    expect((await listSubfolders('/', home)).parent).toBeNull();
  });
});
