import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhotoDto } from '../../../electron/contract/dto.js';

const electron = vi.hoisted(() => ({
  dialog: { showOpenDialog: vi.fn() },
  shell: { showItemInFolder: vi.fn(), openPath: vi.fn() },
}));
vi.mock('electron', () => electron);

const { createHostActions } = await import('../../../electron/main/host-actions.js');

const photo = { id: 4, path: '/photos/beach.jpg', name: 'beach.jpg' } as PhotoDto;

function actions() {
  const getPhoto = vi.fn(async (id: number) => {
    if (id !== 4) throw new Error('not found');
    return photo;
  });
  return { handlers: createHostActions({ window: () => null, getPhoto }), getPhoto };
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
    expect(electron.shell.showItemInFolder).toHaveBeenCalledWith('/photos/beach.jpg');
    electron.shell.openPath.mockResolvedValueOnce('');
    await (handlers.openPhoto as (id: number) => Promise<void>)(4);
    expect(electron.shell.openPath).toHaveBeenCalledWith('/photos/beach.jpg');
  });

  it('an unknown id opens nothing; a failed open is an error', async () => {
    const { handlers } = actions();
    await expect((handlers.openPhoto as (id: number) => Promise<void>)(9)).rejects.toThrow();
    expect(electron.shell.openPath).not.toHaveBeenCalled();
    electron.shell.openPath.mockResolvedValueOnce('No application is registered');
    await expect((handlers.openPhoto as (id: number) => Promise<void>)(4)).rejects.toThrow(/No application/);
  });
});
