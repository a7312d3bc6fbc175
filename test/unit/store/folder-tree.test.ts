import { describe, expect, it } from 'vitest';
import { buildFolderTree } from '../../../electron/core/store/folder-tree.js';

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('buildFolderTree', () => {
  it('nests the subfolders that hold photos under their library folder, counting photos at any depth', () => {
    const [root] = buildFolderTree(['/p'], counts({ '/p/': 2, '/p/2024/': 3, '/p/2024/summer/': 4, '/p/2023/': 1 }), '/');
    expect(root).toMatchObject({ path: '/p', photos: 10 });
    expect(root?.children.map((c) => [c.name, c.photos])).toEqual([['2023', 1], ['2024', 7]]);
    expect(root?.children[1]?.children).toEqual([{ path: '/p/2024/summer', name: 'summer', photos: 4, children: [] }]);
  });

  it('shows the folders between a library folder and a deep photo folder', () => {
    const [root] = buildFolderTree(['/p'], counts({ '/p/a/b/c/': 5 }), '/');
    expect(root?.children[0]).toMatchObject({ path: '/p/a', photos: 5 });
    expect(root?.children[0]?.children[0]?.children[0]).toMatchObject({ path: '/p/a/b/c', name: 'c', photos: 5 });
  });

  it('keeps each photo under its own library folder, even when names share a prefix', () => {
    const trees = buildFolderTree(['/p', '/pics'], counts({ '/p/x/': 1, '/pics/': 2, '/elsewhere/': 9 }), '/');
    expect(trees.map((t) => [t.path, t.photos])).toEqual([['/p', 1], ['/pics', 2]]);
  });

  it('sorts subfolders as a person reads numbers and names', () => {
    const [root] = buildFolderTree(['/p'], counts({ '/p/10/': 1, '/p/2/': 1, '/p/Beach/': 1, '/p/attic/': 1 }), '/');
    expect(root?.children.map((c) => c.name)).toEqual(['2', '10', 'attic', 'Beach']);
  });

  it('gives an empty library folder no children and no photos', () => {
    expect(buildFolderTree(['/p'], counts({}), '/')).toEqual([{ path: '/p', name: '/p', photos: 0, children: [] }]);
  });
});
