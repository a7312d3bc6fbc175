import { beforeEach, describe, expect, it } from 'vitest';
import type { FolderRootDto } from '../../../electron/contract/library-dto.js';
import { installFakeApi } from './install-fake-api.js';

const fake = installFakeApi();
const { FolderTreeState } = await import('../../../renderer/src/lib/state/folder-tree-state.svelte.js');

const tree: FolderRootDto[] = [
  {
    path: '/p', name: '/p', photos: 6, present: true,
    children: [
      { path: '/p/2024', name: '2024', photos: 4, children: [{ path: '/p/2024/summer', name: 'summer', photos: 3, children: [] }] },
      { path: '/p/backup', name: 'backup', photos: 2, children: [] },
    ],
  },
  { path: '/usb', name: '/usb', photos: 1, present: false, children: [] },
];

const shown = (state: InstanceType<typeof FolderTreeState>) => state.rows.map((r) => `${'  '.repeat(r.level - 1)}${r.name} ${r.photos}${r.expanded === null ? '' : r.expanded ? ' -' : ' +'}`);

describe('FolderTreeState', () => {
  let state: InstanceType<typeof FolderTreeState>;
  beforeEach(async () => {
    fake.reset();
    fake.handle('listFolderTree', async () => tree);
    state = new FolderTreeState(() => 7);
    await state.load();
  });

  it('shows All photos, then each library folder open with its subfolders closed', () => {
    expect(shown(state)).toEqual(['All photos 7', '/p 6 -', '  2024 4 +', '  backup 2', '/usb 1']);
    expect(state.rows.find((r) => r.path === '/usb')?.present).toBe(false);
  });

  it('moves with the arrows over the visible rows, and Home/End jump', () => {
    expect(state.keyTarget('ArrowDown', null)).toBe('/p');
    expect(state.keyTarget('ArrowUp', '/p/2024')).toBe('/p');
    expect(state.keyTarget('End', null)).toBe('/usb');
    expect(state.keyTarget('Home', '/usb')).toBeNull();
    expect(state.keyTarget('ArrowDown', '/usb')).toBe('/usb');
    expect(state.keyTarget('a', '/p')).toBeUndefined();
  });

  it('opens with Right (then goes to the first child) and closes with Left (then goes to the parent)', () => {
    expect(state.keyTarget('ArrowRight', '/p/2024')).toBe('/p/2024');
    expect(shown(state)).toContain('    summer 3');
    expect(state.keyTarget('ArrowRight', '/p/2024')).toBe('/p/2024/summer');
    expect(state.keyTarget('ArrowLeft', '/p/2024/summer')).toBe('/p/2024');
    expect(state.keyTarget('ArrowLeft', '/p/2024')).toBe('/p/2024');
    expect(shown(state)).not.toContain('    summer 3');
  });

  it('keeps a folder the user closed closed when the tree is read again', async () => {
    state.toggle('/p');
    await state.load();
    expect(shown(state)).toEqual(['All photos 7', '/p 6 +', '/usb 1']);
  });
});
