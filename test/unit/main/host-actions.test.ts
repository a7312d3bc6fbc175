import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhotoDto } from '../../../electron/contract/dto.js';

const electron = vi.hoisted(() => ({
  dialog: { showOpenDialog: vi.fn() },
  shell: { showItemInFolder: vi.fn(), openPath: vi.fn() },
}));
vi.mock('electron', () => electron);

const { createHostActions } = await import('../../../electron/main/host-actions.js');

// Real files: open/reveal check the photo's real path against the library folders.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recollect-host-'));
const libraryFolder = path.join(tmp, 'photos');
const outside = path.join(tmp, 'private');
fs.mkdirSync(libraryFolder);
fs.mkdirSync(outside);
fs.writeFileSync(path.join(libraryFolder, 'beach.jpg'), 'jpeg');
fs.writeFileSync(path.join(outside, 'secret.jpg'), 'jpeg');
fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(libraryFolder, 'link.jpg'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const photo = { id: 4, path: path.join(libraryFolder, 'beach.jpg'), name: 'beach.jpg' } as PhotoDto;
const linked = { id: 5, path: path.join(libraryFolder, 'link.jpg'), name: 'link.jpg' } as PhotoDto;

// Export history as the worker answers it: run 1 wrote into a folder that exists, run 2 into one
// on a drive that is gone.
const exported = path.join(tmp, 'Sorted');
fs.mkdirSync(exported);
const runs = [
  { run: 1, into: exported },
  { run: 2, into: path.join(tmp, 'unplugged', 'Sorted') },
];

function actions() {
  const getPhoto = vi.fn(async (id: number) => {
    if (id === 4) return photo;
    if (id === 5) return linked;
    throw new Error('not found');
  });
  return { handlers: createHostActions({ window: () => null, getPhoto, libraryFolders: async () => [libraryFolder], sortRuns: async () => runs }), getPhoto };
}

describe('main-side host actions', () => {
  beforeEach(() => vi.clearAllMocks());

  it('pickFolder opens a directory picker and returns the choice, or null when cancelled', async () => {
    const { handlers } = actions();
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/me/Pictures'] });
    await expect(handlers.pickFolder?.()).resolves.toBe('/home/me/Pictures');
    expect(electron.dialog.showOpenDialog.mock.calls[0]?.[0]).toMatchObject({ properties: ['openDirectory'] });
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(handlers.pickFolder?.()).resolves.toBeNull();
  });

  it('reveal and open use the library path of the id, never a path from the renderer', async () => {
    const { handlers, getPhoto } = actions();
    await (handlers.revealPhoto as (id: number) => Promise<void>)(4);
    expect(getPhoto).toHaveBeenCalledWith(4);
    expect(electron.shell.showItemInFolder).toHaveBeenCalledWith(photo.path);
    electron.shell.openPath.mockResolvedValueOnce('');
    await (handlers.openPhoto as (id: number) => Promise<void>)(4);
    expect(electron.shell.openPath).toHaveBeenCalledWith(photo.path);
  });

  it('an unknown id opens nothing; a failed open is an error', async () => {
    const { handlers } = actions();
    await expect((handlers.openPhoto as (id: number) => Promise<void>)(9)).rejects.toThrow();
    expect(electron.shell.openPath).not.toHaveBeenCalled();
    electron.shell.openPath.mockResolvedValueOnce('No application is registered');
    await expect((handlers.openPhoto as (id: number) => Promise<void>)(4)).rejects.toThrow(/No application/);
  });

  it('refuses to open or reveal a library entry whose real file lies outside the library folders', async () => {
    const { handlers } = actions();
    await expect((handlers.openPhoto as (id: number) => Promise<void>)(5)).rejects.toThrow(/not inside one of your library folders/);
    await expect((handlers.revealPhoto as (id: number) => Promise<void>)(5)).rejects.toThrow(/not inside one of your library folders/);
    expect(electron.shell.openPath).not.toHaveBeenCalled();
    expect(electron.shell.showItemInFolder).not.toHaveBeenCalled();
  });

  it('shows the folder an export wrote into, and says so when that folder is gone or the run unknown', async () => {
    const { handlers } = actions();
    const reveal = handlers.revealSortTarget as (run: number) => Promise<void>;
    electron.shell.openPath.mockResolvedValueOnce('');
    await reveal(1);
    expect(electron.shell.openPath).toHaveBeenCalledWith(exported);
    await expect(reveal(2)).rejects.toThrow(/is not there any more/);
    await expect(reveal(7)).rejects.toThrow(/no export 7/);
    expect(electron.shell.openPath).toHaveBeenCalledTimes(1);
  });
});
