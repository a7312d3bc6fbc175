/**
 * zod schemas for the arguments of every RecollectApi method, as the tuple a host receives
 * (Electron IPC `invoke(channel, ...args)`, browser host `{"args": [...]}`).
 * Boundary module: imports zod and contract types only (the Electron main process uses it, and
 * main must not pull in core or service).
 *
 * Objects are strict (an unknown key is a caller bug, not something to ignore) and tuples reject
 * extra items, so a payload that does not match the contract never reaches the engine.
 */
import { z } from 'zod';
import type { RecollectApi, RecollectMethod } from '../contract/api.js';

// Limits are generous for real use and small enough that no payload can make the engine work hard.
const MAX_PATH_CHARS = 4096;
const MAX_QUERY_CHARS = 1000;
const MAX_PAGE = 10_000;
const MAX_RESULTS = 1000;

/** A file-system path as typed or picked by a person: non-empty, bounded, no NUL byte. */
const pathString = z
  .string()
  .min(1, 'a path must not be empty')
  .max(MAX_PATH_CHARS, `a path must be at most ${MAX_PATH_CHARS} characters`)
  .refine((s) => !s.includes('\0'), 'a path must not contain a NUL character');

/** Photo ids are SQLite rowids: positive safe integers. */
const photoId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** WallClockMs (dto.ts); a finite number, so NaN/Infinity (not JSON anyway) never reach SQL. */
const wallClockMs = z.number().finite();

const setModelRequest = z.strictObject({
  dir: pathString,
  device: z.enum(['auto', 'cpu', 'gpu']),
});

const listPhotosRequest = z.strictObject({
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.number().int().min(0).max(MAX_PAGE),
  folder: pathString.optional(),
});

const searchQuery = z.strictObject({
  text: z.string().max(MAX_QUERY_CHARS).optional(),
  similarTo: photoId.optional(),
  folder: pathString.optional(),
  after: wallClockMs.optional(),
  before: wallClockMs.optional(),
  showWeak: z.boolean().optional(),
  limit: z.number().int().min(1).max(MAX_RESULTS).optional(),
});

/** Album ids are SQLite rowids too. */
const albumId = photoId;
// Album words are checked again, with reasons in words, by core/albums/album-input.ts; these bounds
// only keep a hostile payload small (a 2,000-character prompt reaches the engine and is refused there).
const MAX_ALBUM_TEXT = 10_000;
const MAX_PROMPTS = 100;
const MAX_LABEL_CHANGES = 10_000;
const albumText = z.string().max(MAX_ALBUM_TEXT);
const promptList = z.array(albumText).max(MAX_PROMPTS);

const createAlbumRequest = z.strictObject({ name: albumText, include: promptList, exclude: promptList.optional() });
const updateAlbumRequest = z.strictObject({ id: albumId, name: albumText.optional(), include: promptList.optional(), exclude: promptList.optional() });
const getAlbumRequest = z.strictObject({
  id: albumId,
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.number().int().min(1).max(MAX_PAGE).optional(),
  all: z.boolean().optional(),
});
const albumPreviewRequest = z.strictObject({ include: promptList, exclude: promptList.optional(), limit: z.number().int().min(1).max(MAX_RESULTS).optional() });
const labelAlbumPhotosRequest = z.strictObject({
  albumId,
  changes: z
    .array(z.strictObject({ photoId, label: z.enum(['accepted', 'rejected']).nullable() }))
    .min(1, 'no photos to label')
    .max(MAX_LABEL_CHANGES),
});
const categorizeRequest = z.strictObject({
  albumIds: z.array(albumId).max(MAX_PROMPTS).optional(),
  limit: z.number().int().min(0).max(MAX_RESULTS).optional(),
});

const sortRequest = z.strictObject({
  into: pathString,
  albumIds: z.array(albumId).max(MAX_PROMPTS).optional(),
  categorize: z.boolean().optional(),
  unsorted: z.boolean().optional(),
  mode: z.enum(['copy', 'hardlink', 'move']).optional(),
  xmp: z.boolean().optional(),
});
/** Sort runs are journal rowids. */
const sortRun = photoId;

/** An installed model's folder id (catalog id or owner--name): never a path. */
const modelFolderId = z.string().regex(/^[A-Za-z0-9][\w.-]{0,199}$/, 'a model id is letters, digits, dots, dashes and underscores');
const modelDownloadRequest = z
  .strictObject({
    id: modelFolderId.optional(),
    repo: z.string().regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+(@[\w.-]+)?$/, 'a hub repository is written owner/name').max(300).optional(),
    revision: z.string().regex(/^[\w.-]+$/, 'a revision is a branch, tag or commit').max(200).optional(),
    quantized: z.boolean().optional(),
    endpoint: z.url({ protocol: /^https?$/, error: 'the endpoint must be an http(s) URL' }).max(2048).optional(),
    token: z.string().min(1).max(1024).optional(),
  })
  .refine((r) => (r.id === undefined) !== (r.repo === undefined), 'name either a catalog id or a hub repository');
const modelDownloadJobId = z.string().regex(/^[\w-]{1,64}$/, 'a download job id');
const removeModelRequest = z.strictObject({ id: modelFolderId, vectors: z.boolean() });

const noArgs = z.tuple([]);

const MAX_STYLE_PROMPT_CHARS = 300;
const providerId = z.string().min(1).max(100);
/** A recipe is a provider's plain JSON; the provider checks its parameters (bounded size here). */
const styleRecipe = z.record(z.string().max(100), z.unknown()).refine((r) => JSON.stringify(r).length <= 20_000, 'a recipe must be at most 20000 characters of JSON');
const stylePreviewRequest = z.strictObject({
  photoId,
  prompt: z.string().max(MAX_STYLE_PROMPT_CHARS),
  provider: providerId.optional(),
  strength: z.number().min(0).max(1),
  size: z.number().int().min(64).max(4096).optional(),
});
const saveStyledCopyRequest = z.strictObject({
  photoId,
  provider: providerId,
  recipe: styleRecipe,
  label: z.string().max(MAX_STYLE_PROMPT_CHARS).optional(),
  folder: pathString.optional(),
});
const styleJobId = z.string().min(1).max(100);
const styleProviderSettingsRequest = z.strictObject({
  provider: providerId,
  settings: z.record(z.string().min(1).max(100), z.string().max(4096)).refine((s) => Object.keys(s).length <= 20, 'at most 20 settings at once'),
});

/**
 * One schema per method. The mapped type makes the compiler check each schema's output against
 * the contract's parameter list, so a changed method signature fails typecheck here.
 */
export const API_ARG_SCHEMAS: { readonly [M in RecollectMethod]: z.ZodType<Parameters<RecollectApi[M]>> } = {
  getCapabilities: noArgs,
  getStatus: noArgs,
  setModel: z.tuple([setModelRequest]),
  listFolders: noArgs,
  addFolder: z.tuple([pathString]),
  removeFolder: z.tuple([pathString]),
  pickFolder: noArgs,
  startIndexing: noArgs,
  pauseIndexing: noArgs,
  resumeIndexing: noArgs,
  getIndexState: noArgs,
  listPhotos: z.tuple([listPhotosRequest]),
  getPhoto: z.tuple([photoId]),
  search: z.tuple([searchQuery]),
  revealPhoto: z.tuple([photoId]),
  openPhoto: z.tuple([photoId]),
  listAlbums: noArgs,
  listStarterAlbums: noArgs,
  createAlbum: z.tuple([createAlbumRequest]),
  updateAlbum: z.tuple([updateAlbumRequest]),
  deleteAlbum: z.tuple([albumId]),
  getAlbum: z.tuple([getAlbumRequest]),
  previewAlbum: z.tuple([albumPreviewRequest]),
  labelAlbumPhotos: z.tuple([labelAlbumPhotosRequest]),
  explainAlbumPhoto: z.tuple([albumId, photoId]),
  categorize: z.tuple([categorizeRequest]),
  planSort: z.tuple([sortRequest]),
  startSort: z.tuple([sortRequest]),
  startSortUndo: z.tuple([sortRun]),
  cancelSort: noArgs,
  getSortJob: noArgs,
  listSortRuns: noArgs,
  listModels: noArgs,
  startModelDownload: z.tuple([modelDownloadRequest]),
  cancelModelDownload: z.tuple([modelDownloadJobId]),
  getModelDownload: z.tuple([modelDownloadJobId]),
  removeModel: z.tuple([removeModelRequest]),
  importModelFolder: z.tuple([pathString]),
  revealSortTarget: z.tuple([sortRun]),
  listSubfolders: z.tuple([pathString.nullable()]),
  listFolderTree: noArgs,
  listDuplicates: noArgs,
  listStyleProviders: noArgs,
  setStyleProviderSettings: z.tuple([styleProviderSettingsRequest]),
  previewStyle: z.tuple([stylePreviewRequest]),
  cancelStylePreview: z.tuple([styleJobId]),
  getStyleJob: z.tuple([styleJobId]),
  saveStyledCopy: z.tuple([saveStyledCopyRequest]),
};
