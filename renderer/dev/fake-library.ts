/**
 * A fake RecollectBridge for looking at the UI without the engine: N generated photos (coloured
 * shapes as SVG data URLs), a toy search over colour and shape words, simulated indexing.
 * Dev harness only: never imported by src/.
 */
import type { RecollectApi, RecollectBridge } from '../../electron/contract/api.js';
import type {
  FolderDto,
  IndexStateDto,
  LibraryChangedDto,
  LibraryStatusDto,
  ModelStatusDto,
  PhotoDto,
  SearchHitDto,
  WorkerRestartedDto,
} from '../../electron/contract/dto.js';
import type { AlbumsChangedDto } from '../../electron/contract/album-dto.js';
import type { StyleJobDto } from '../../electron/contract/style-dto.js';
import type { ErrorCode } from '../../electron/contract/errors.js';
import { createFakeAlbums } from './fake-albums.js';
import { createFakeModels } from './fake-models.js';

export interface FakeOptions {
  photos: number;
  /** Start with no folders and no model (first run). */
  firstRun: boolean;
  indexing: boolean;
  shell: boolean;
  picker: boolean;
  /** Fire workerRestarted after this many ms (0: never). */
  restartAfterMs: number;
}

const FOLDERS = ['/home/ana/Pictures/Holidays', '/home/ana/Pictures/Family', '/media/usb/Archive'];
const SHAPES = ['circle', 'square', 'triangle'] as const;
const COLOURS: Array<[string, number]> = [['red', 0], ['orange', 30], ['yellow', 55], ['green', 120], ['blue', 220], ['purple', 280]];

function fail(code: ErrorCode, message: string): never {
  throw Object.assign(new Error(message), { code });
}

export function hueOf(id: number): number {
  return (id * 47) % 360;
}

export function shapeOf(id: number): (typeof SHAPES)[number] {
  return SHAPES[id % 3] ?? 'circle';
}

export function photoSvg(id: number, size: number): string {
  const hue = hueOf(id);
  const s = size;
  const shape =
    shapeOf(id) === 'circle'
      ? `<circle cx="${s / 2}" cy="${s / 2}" r="${s * 0.3}"/>`
      : shapeOf(id) === 'square'
        ? `<rect x="${s * 0.22}" y="${s * 0.22}" width="${s * 0.56}" height="${s * 0.56}"/>`
        : `<polygon points="${s / 2},${s * 0.18} ${s * 0.82},${s * 0.8} ${s * 0.18},${s * 0.8}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s * (size > 400 ? 0.66 : id % 5 === 0 ? 1.4 : 1)}" viewBox="0 0 ${s} ${s}" preserveAspectRatio="xMidYMid slice"><rect width="100%" height="100%" fill="hsl(${(hue + 180) % 360} 30% 85%)"/><g fill="hsl(${hue} 70% 50%)">${shape}</g><text x="8" y="${s - 10}" font-family="sans-serif" font-size="${s / 14}" fill="#333">#${id}</text></svg>`;
}

export function createFakeLibrary(options: FakeOptions): RecollectBridge {
  const N = options.photos;
  let folders: string[] = options.firstRun ? [] : [...FOLDERS];
  let model: ModelStatusDto | null = options.firstRun ? null : shapesModel('models/fixtures/shapes-clip', 'auto');
  const listeners = {
    indexProgress: new Set<(s: IndexStateDto) => void>(),
    libraryChanged: new Set<(c: LibraryChangedDto) => void>(),
    workerRestarted: new Set<(w: WorkerRestartedDto) => void>(),
    albumsChanged: new Set<(c: AlbumsChangedDto) => void>(),
    styleProgress: new Set<(j: StyleJobDto) => void>(),
  };
  const skipped = [
    { path: '/home/ana/Pictures/Holidays/broken.jpg', reason: 'The file is damaged or not a complete image.' },
    { path: '/home/ana/Pictures/Family/scan.tiff', reason: 'TIFF files are not supported yet.' },
    { path: '/media/usb/Archive/panorama.jpg', reason: 'The image is larger than 100 megapixels.' },
  ];
  let index: IndexStateDto = {
    phase: 'done', running: false, paused: false, found: N, total: N, processed: N, imagesPerSecond: 0, etaSeconds: 0,
    currentPath: null, skipped, lastRun: { indexed: 1200, unchanged: N - 1200, moved: 3, removed: 1, seconds: 74 }, error: null,
  };
  let timer: ReturnType<typeof setInterval> | undefined;

  const visible = (): number => (folders.length > 0 && model ? N : 0);
  const photo = (i: number): PhotoDto => {
    const id = i + 1;
    return {
      id,
      path: `${FOLDERS[i % 3]}/photo-${String(id).padStart(4, '0')}.jpg`,
      name: `photo-${String(id).padStart(4, '0')}.jpg`,
      folder: FOLDERS[i % 3] ?? '',
      format: 'jpeg',
      width: 4032,
      height: 3024,
      size: 2_400_000 + id,
      takenAt: Date.UTC(2024, 5, 1, 18, 30) - i * 7 * 3600_000,
      takenAtSource: i % 10 === 9 ? 'file' : 'exif',
      cameraMake: i % 2 ? 'Canon' : 'FUJIFILM',
      cameraModel: i % 2 ? 'Canon EOS R6' : 'X-T4',
      gps: i % 4 === 0 ? { lat: 41.38879 + i / 1e5, lon: 2.15899 } : null,
    };
  };
  const folderCount = (f: number): number => Math.max(0, Math.ceil((visible() - f) / 3));
  const folderDtos = (): FolderDto[] =>
    folders.map((path) => ({ path, photos: FOLDERS.includes(path) ? folderCount(FOLDERS.indexOf(path)) : 0, present: path !== FOLDERS[2] }));
  const status = (): LibraryStatusDto => ({
    libraryFile: '/home/ana/.config/Recollect/library.db',
    photos: visible(),
    indexed: visible() - 3,
    skipped: 3,
    folders: folderDtos(),
    model,
    index,
  });
  const emitIndex = (): void => listeners.indexProgress.forEach((l) => l({ ...index }));
  const runIndexing = (): void => {
    clearInterval(timer);
    index = { ...index, phase: 'indexing', running: true, paused: false, total: 5000, processed: index.phase === 'paused' ? index.processed : 0, skipped: [], currentPath: null };
    timer = setInterval(() => {
      const processed = Math.min(index.total, index.processed + 37);
      const done = processed >= index.total;
      index = {
        ...index,
        processed,
        imagesPerSecond: 185.4,
        etaSeconds: (index.total - processed) / 185,
        currentPath: `${FOLDERS[processed % 3]}/photo-${processed}.jpg`,
        ...(done ? { phase: 'done', running: false, skipped, lastRun: { indexed: 5000, unchanged: 0, moved: 0, removed: 0, seconds: 27 } } : {}),
      };
      emitIndex();
      if (done) {
        clearInterval(timer);
        listeners.libraryChanged.forEach((l) => l({ reason: 'index' }));
      }
    }, 200);
  };
  if (options.indexing) setTimeout(runIndexing, 50);
  if (options.restartAfterMs > 0) setTimeout(() => listeners.workerRestarted.forEach((l) => l({ reason: 'exit code 3221225477' })), options.restartAfterMs);

  const search: RecollectApi['search'] = async (query) => {
    const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const positive = words.filter((w) => !w.startsWith('-'));
    const negative = words.filter((w) => w.startsWith('-')).map((w) => w.slice(1));
    const similar = query.similarTo;
    const scored: SearchHitDto[] = [];
    for (let i = 0; i < Math.min(visible(), 6000); i++) {
      const p = photo(i);
      if (query.folder && p.folder !== query.folder) continue;
      if (query.after !== undefined && (p.takenAt ?? 0) < query.after) continue;
      if (query.before !== undefined && (p.takenAt ?? 0) >= query.before) continue;
      const hue = hueOf(p.id);
      const matches = (w: string): boolean =>
        w === shapeOf(p.id) || COLOURS.some(([name, h]) => name === w && Math.min(Math.abs(hue - h), 360 - Math.abs(hue - h)) < 20);
      let score: number;
      if (similar !== undefined) {
        const d = Math.min(Math.abs(hue - hueOf(similar)), 360 - Math.abs(hue - hueOf(similar)));
        score = 0.35 - d / 600 + (shapeOf(p.id) === shapeOf(similar) ? 0.05 : 0);
      } else {
        score = 0.12 + 0.09 * positive.filter(matches).length - 0.1 * negative.filter(matches).length + ((p.id * 7919) % 100) / 2000;
      }
      scored.push({ photo: p, score });
    }
    scored.sort((a, b) => b.score - a.score);
    const top = scored.slice(0, query.limit ?? 60);
    const cutoff = similar !== undefined ? 0.3 : 0.345;
    const strong = top.filter((h) => h.score >= cutoff);
    await new Promise((r) => setTimeout(r, 60));
    return {
      query: similar !== undefined ? `like #${similar}` : (query.text ?? ''),
      hits: query.showWeak ? top : strong,
      cutoff,
      hidden: query.showWeak ? 0 : top.length - strong.length,
      kind: similar === undefined ? 'text' : 'image',
      moreHidden: false,
      negatives: negative.map((term) => ({ term, removed: 0 })),
      answeredBy: { id: model?.id ?? 'onnx-fake', name: model?.name ?? 'shapes-clip', dir: model?.dir ?? 'models/fixtures/shapes-clip' },
    };
  };

  return {
    getCapabilities: async () => ({ host: options.shell ? 'electron' : 'browser', pickFolder: options.picker, shellActions: options.shell }),
    getStatus: async () => status(),
    async setModel({ dir, device }) {
      await new Promise((r) => setTimeout(r, 300));
      if (dir.includes('bad')) fail('MODEL_MISSING_FILE', `The model folder ${dir} has no tokenizer.json.`);
      model = shapesModel(dir, device);
      listeners.libraryChanged.forEach((l) => l({ reason: 'model' }));
      return status();
    },
    listFolders: async () => folderDtos(),
    async addFolder(path) {
      if (!path.startsWith('/')) fail('FOLDER_NOT_FOUND', `No folder at ${path}. Check the path.`);
      folders = [...folders, ...(folders.includes(path) ? [] : [FOLDERS.find((f) => !folders.includes(f)) ?? path])];
      listeners.libraryChanged.forEach((l) => l({ reason: 'folders' }));
      return folderDtos();
    },
    async removeFolder(path) {
      folders = folders.filter((f) => f !== path);
      return folderDtos();
    },
    pickFolder: async () => '/home/ana/Pictures/Holidays',
    startIndexing: async () => (runIndexing(), index),
    pauseIndexing: async () => {
      clearInterval(timer);
      index = { ...index, phase: 'paused', paused: true, running: false };
      emitIndex();
      return index;
    },
    resumeIndexing: async () => (runIndexing(), index),
    getIndexState: async () => index,
    async listPhotos({ offset, limit, folder }) {
      const f = folder === undefined ? -1 : FOLDERS.indexOf(folder);
      const total = f < 0 ? visible() : folderCount(f);
      const photos: PhotoDto[] = [];
      for (let k = offset; k < Math.min(total, offset + Math.min(limit, 500)); k++) photos.push(photo(f < 0 ? k : f + 3 * k));
      await new Promise((r) => setTimeout(r, 30));
      return { total, offset, photos };
    },
    getPhoto: async (id) => photo(id - 1),
    search,
    revealPhoto: async () => undefined,
    openPhoto: async () => undefined,
    ...createFakeAlbums(search, async (id) => photo(id - 1), () => listeners.albumsChanged.forEach((l) => l({ albumId: null, reason: 'created' }))),
    // The dev harness writes nothing: exports are refused with a reason.
    planSort: async ({ into }) => ({ target: into, mode: 'copy', xmp: true, albums: [], files: 0, sidecars: 0, folders: 0, bytes: 0, planned: [], skipped: [], conflicts: [], notes: [], refusals: ['The demo library does not write files.'] }),
    startSort: async () => fail('SORT_REFUSED', 'The demo library does not write files.'),
    startSortUndo: async () => fail('SORT_REFUSED', 'The demo library does not write files.'),
    cancelSort: async () => null,
    getSortJob: async () => null,
    listSortRuns: async () => [],
    ...createFakeModels(),
    revealSortTarget: async () => undefined,
    // A preview that "finishes" after a moment with the photo itself and a fixed recipe (the dev
    // harness has no model); saving is refused like every write.
    listStyleProviders: async () => [
      { id: 'clip-look', name: 'CLIP look finder', description: 'Finds photo adjustments that match your words.', needs: ['clip-model'], available: true, reason: null, settings: [] },
      {
        id: 'img2img-server',
        name: 'Local image server',
        description: 'Sends the photo to an image generator on this computer.',
        needs: ['server-url'],
        available: false,
        reason: 'No server address is set.',
        settings: [{ key: 'url', label: 'Server address (on this computer)', placeholder: 'http://127.0.0.1:7860', value: '' }],
      },
    ],
    setStyleProviderSettings: async () => fail('INVALID_ARGUMENT', 'The demo library does not keep settings.'),
    previewStyle: async ({ photoId, prompt, strength, provider }) => {
      const job: StyleJobDto = { jobId: `dev-${Date.now()}`, photoId, prompt, provider: provider ?? 'clip-look', strength, running: true, fraction: 0, stage: 'Searching for the look', result: null, error: null };
      setTimeout(() => {
        const done: StyleJobDto = {
          ...job,
          running: false,
          fraction: 1,
          stage: 'Done',
          result: {
            provider: job.provider,
            image: `data:image/svg+xml,${encodeURIComponent(photoSvg(photoId, 1200))}`,
            width: 1200,
            height: 900,
            recipe: { kind: 'look', version: 1, exposure: 0.1 * strength, temperature: 0.4 * strength },
            scores: { before: 0.21, after: 0.21 + 0.08 * strength, content: 1 - 0.1 * strength, directional: 0.3 },
          },
        };
        listeners.styleProgress.forEach((l) => l(done));
      }, 600);
      return job;
    },
    cancelStylePreview: async () => null,
    getStyleJob: async () => null,
    saveStyledCopy: async () => fail('INVALID_ARGUMENT', 'The demo library does not write files.'),
    listSubfolders: async (path) => ({ path: path ?? '/home/you', parent: path === null || path === '/' ? null : '/', folders: [{ name: 'Pictures', path: '/home/you/Pictures' }] }),
    listFolderTree: async () => folderDtos().map((f) => ({ ...f, name: f.path, children: [] })),
    listDuplicates: async () => ({
      groups: visible() < 4 ? [] : [{ kind: 'exact', reason: 'Exact copies: the same file content', similarity: 1, photos: [photo(0), photo(3)], bestId: photo(0).id, bestReason: 'largest resolution: 4000 × 3000' }],
      exactCopies: visible() < 4 ? 0 : 1,
      threshold: 0.97,
    }),
    onIndexProgress: (l) => (listeners.indexProgress.add(l), () => listeners.indexProgress.delete(l)),
    onLibraryChanged: (l) => (listeners.libraryChanged.add(l), () => listeners.libraryChanged.delete(l)),
    onWorkerRestarted: (l) => (listeners.workerRestarted.add(l), () => listeners.workerRestarted.delete(l)),
    onAlbumsChanged: (l) => (listeners.albumsChanged.add(l), () => listeners.albumsChanged.delete(l)),
    onSortProgress: () => () => undefined,
    onStyleProgress: (l) => (listeners.styleProgress.add(l), () => listeners.styleProgress.delete(l)),
    photoUrl: (kind, id) => `data:image/svg+xml,${encodeURIComponent(photoSvg(id, kind === 'thumb' ? 320 : 1200))}`,
  };
}

function shapesModel(dir: string, deviceChoice: ModelStatusDto['deviceChoice']): ModelStatusDto {
  return {
    dir,
    id: 'shapes-clip',
    name: 'shapes-clip (demo)',
    dim: 64,
    device: 'cpu',
    deviceChoice,
    providerAttempts: [
      { provider: 'webgpu', ok: false, reason: 'no GPU adapter was found on this computer' },
      { provider: 'cpu', ok: true },
    ],
    error: null,
  };
}
