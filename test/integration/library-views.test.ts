/**
 * The sidebar's folder tree and the duplicates view over a real engine and model (issue 13): the
 * tree counts what each folder's grid shows, and duplicates group a byte copy and a resized copy
 * with their originals (best copy first, with the reason) while a distinct photo stays out.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiService, type ApiService } from '../../electron/service/api-service.js';
import { browserHostAdapter } from '../../electron/service/host-adapter.js';
import { chooseScenes, writeScenes, type PlannedScene } from '../helpers/render-scenes.js';
import { testModelDir } from '../helpers/test-model.js';

const modelDir = testModelDir();
const describeScene = (s: PlannedScene): string => `${s.background}:${s.objects.map((o) => `${o.size} ${o.colour} ${o.shape}`).sort().join(',')}`;

describe.skipIf(!modelDir)('folder tree and duplicates', () => {
  let tmp = '';
  let photos = '';
  let service: ApiService;
  let files: { original: string; copy: string; resizedFrom: string; resized: string; distinct: string[] };

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'recollect-views-'));
    photos = path.join(tmp, 'Photos');
    // Scenes that differ in what the model reads (two renders of one description look the same to it).
    const [picked = []] = chooseScenes([{ count: 5, accept: () => true }], 11);
    const seen = new Set<string>();
    const scenes = picked.filter((s) => !seen.has(describeScene(s)) && seen.add(describeScene(s)));
    const [a, b, ...rest] = await writeScenes(path.join(photos, '2024', 'summer'), scenes.slice(0, 4));
    if (!a || !b) throw new Error('scenes');
    const copy = path.join(photos, 'backup', path.basename(a.path));
    await fs.mkdir(path.dirname(copy), { recursive: true });
    await fs.copyFile(a.path, copy);
    const resized = path.join(photos, 'backup', 'small.jpg');
    await sharp(b.path).resize(160).jpeg({ quality: 80 }).toFile(resized);
    files = { original: a.path, copy, resizedFrom: b.path, resized, distinct: rest.map((r) => r.path) };
    service = createApiService({ libraryFile: path.join(tmp, 'lib', 'library.db'), cacheDir: path.join(tmp, 'lib', 'cache'), host: browserHostAdapter, modelDir: modelDir ?? undefined });
    await service.addFolder(photos);
    await service.indexing.settle();
  });

  afterAll(async () => {
    await service.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('lists the subfolders that hold photos, nested, with the counts their grids show', async () => {
    const [root] = await service.listFolderTree();
    expect(root).toMatchObject({ path: photos, photos: 6, present: true });
    expect(root?.children.map((c) => [c.name, c.photos])).toEqual([['2024', 4], ['backup', 2]]);
    const summer = root?.children[0]?.children[0];
    expect(summer).toMatchObject({ name: 'summer', photos: 4 });
    expect((await service.listPhotos({ offset: 0, limit: 50, folder: summer?.path ?? '' })).total).toBe(4);
  });

  it('groups the byte copy and the resized copy with their originals, best copy first, and leaves distinct photos out', async () => {
    const { groups, exactCopies, threshold } = await service.listDuplicates();
    expect(threshold).toBe(0.97);
    expect(exactCopies).toBe(1);
    const asPaths = groups.map((g) => ({ kind: g.kind, paths: g.photos.map((p) => p.path) }));
    expect(asPaths).toEqual([
      { kind: 'exact', paths: expect.arrayContaining([files.original, files.copy]) },
      { kind: 'similar', paths: [files.resizedFrom, files.resized] },
    ]);
    const similar = groups[1];
    expect(similar?.bestId).toBe(similar?.photos[0]?.id);
    expect(similar?.bestReason).toBe('largest resolution: 224 × 224');
    expect(similar?.similarity).toBeGreaterThanOrEqual(0.97);
    for (const d of files.distinct) expect(groups.flatMap((g) => g.photos.map((p) => p.path))).not.toContain(d);
  });

  it('counts exact copies once in the library status', async () => {
    expect(await service.getStatus()).toMatchObject({ indexed: 6, exactCopies: 1 });
  });
});
