/**
 * The one module that knows how the API is reached (conventions.md rule 12). Everything else in
 * the renderer imports `api` and cannot tell the hosts apart.
 *
 * - Electron: the preload exposes a RecollectBridge as `window.recollect`; it is used as is.
 * - Browser host: the page is loaded from `http://127.0.0.1:PORT/#token=TOKEN` (a fragment, never
 *   sent to a server). Calls are `POST /api/<method>` with `{"args": [...]}` and header
 *   `x-recollect-token`; replies are `{"ok": true, "result"}` or `{"ok": false, "error": {code,
 *   message}}`. Events arrive over an EventSource at `/api/events?cap=...` as named SSE events
 *   whose data is the JSON payload. Pixels come from `/photo/<kind>/<id>?cap=...`. A `cap` is a
 *   short-lived capability for that one path (resource-capability.ts), never the token itself, and
 *   no cookie is involved: cookies reach every port of 127.0.0.1 (issue 8).
 *
 * Imports types only from electron/contract (lint zone: the renderer talks to RecollectApi only).
 */
import type { PhotoAssetKind, RecollectApi, RecollectBridge, RecollectMethod } from '../../../electron/contract/api.js';
import type { ErrorCode } from '../../../electron/contract/errors.js';
import type { RecollectEventMap, RecollectEventName, Unsubscribe } from '../../../electron/contract/events.js';
import { capabilityUrl } from './resource-capability.js';

declare global {
  interface Window {
    recollect?: RecollectBridge;
  }
}

const TOKEN_KEY = 'recollect.token';
const TOKEN_HEADER = 'x-recollect-token';

/** A failed call; `code` is one of contract/errors.ts when the host sent one. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The code of a rejected call, whichever host rejected it. */
export function errorCode(err: unknown): string | null {
  if (err instanceof ApiError) return err.code;
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return null;
}

/**
 * Words for a rejected call. The preload rejects with a plain ApiErrorDto object (contextBridge
 * drops custom Error properties), the HTTP client with an ApiError; both carry `message`.
 */
export function errorMessage(err: unknown): string {
  const message =
    typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string' ? err.message : String(err);
  return message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '');
}

/**
 * Reads the token from `#token=`, keeps it in sessionStorage for reloads (isolated by origin,
 * port included, unlike cookies) and takes it out of the address bar.
 */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = new URLSearchParams(url.hash.slice(1)).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    history.replaceState(history.state, '', url.pathname + url.search);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

interface OkReply {
  ok: true;
  result: unknown;
}
interface ErrorReply {
  ok: false;
  error: { code: ErrorCode; message: string };
}

function isReply(value: unknown): value is OkReply | ErrorReply {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return true;
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null;
}

function createHttpBridge(): RecollectBridge {
  const token = takeToken();

  const call = async (method: RecollectMethod, args: unknown[]): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify({ args }),
      });
    } catch {
      throw new ApiError('NETWORK', 'Recollect is not reachable. Is the recollect serve command still running?');
    }
    const body: unknown = await response.json().catch(() => null);
    if (!isReply(body)) {
      const hint = response.status === 401 || response.status === 403 ? ' Open the address printed by recollect serve again (it carries the access token).' : '';
      throw new ApiError('INTERNAL', `Unexpected reply from Recollect (HTTP ${response.status}).${hint}`);
    }
    if (!body.ok) throw new ApiError(body.error.code, body.error.message);
    return body.result;
  };

  // One EventSource shared by all listeners, opened on first subscription.
  const listeners = new Map<RecollectEventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const dispatchTo = (target: EventSource, event: RecollectEventName, set: Set<(payload: unknown) => void>): void => {
    target.addEventListener(event, (message: MessageEvent<string>) => {
      let payload: unknown;
      try {
        payload = JSON.parse(message.data);
      } catch {
        return;
      }
      for (const l of set) l(payload);
    });
  };
  const openSource = (): EventSource => {
    const opened = new EventSource(capabilityUrl(token, '/api/events', Date.now()));
    for (const [event, set] of listeners) dispatchTo(opened, event, set);
    // The browser retries a dropped stream with the same URL; once its capability has expired the
    // host answers 401 and the browser gives up (CLOSED): open a new stream with a fresh one.
    opened.addEventListener('error', () => {
      if (opened.readyState !== EventSource.CLOSED || source !== opened) return;
      setTimeout(() => {
        if (source === opened) source = openSource();
      }, 2000);
    });
    return opened;
  };
  const subscribe = <E extends RecollectEventName>(event: E, listener: (payload: RecollectEventMap[E]) => void): Unsubscribe => {
    source ??= openSource();
    let set = listeners.get(event);
    if (!set) {
      set = new Set<(payload: unknown) => void>();
      listeners.set(event, set);
      dispatchTo(source, event, set);
    }
    // The payload is the host's JSON for this event name (contract/events.ts); the page trusts its own host.
    // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- one listener set per event name holds that event's payloads only
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  };

  // Each method forwards its arguments as they are; the compiler checks the names against RecollectApi.
  const method =
    <M extends RecollectMethod>(name: M) =>
    (...args: Parameters<RecollectApi[M]>): ReturnType<RecollectApi[M]> =>
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- the host validates the args and answers with this method's result type
      call(name, args) as ReturnType<RecollectApi[M]>;

  return {
    getCapabilities: method('getCapabilities'),
    getStatus: method('getStatus'),
    setModel: method('setModel'),
    listFolders: method('listFolders'),
    addFolder: method('addFolder'),
    removeFolder: method('removeFolder'),
    pickFolder: method('pickFolder'),
    startIndexing: method('startIndexing'),
    pauseIndexing: method('pauseIndexing'),
    resumeIndexing: method('resumeIndexing'),
    getIndexState: method('getIndexState'),
    listPhotos: method('listPhotos'),
    getPhoto: method('getPhoto'),
    search: method('search'),
    revealPhoto: method('revealPhoto'),
    openPhoto: method('openPhoto'),
    listAlbums: method('listAlbums'),
    listStarterAlbums: method('listStarterAlbums'),
    createAlbum: method('createAlbum'),
    updateAlbum: method('updateAlbum'),
    deleteAlbum: method('deleteAlbum'),
    getAlbum: method('getAlbum'),
    previewAlbum: method('previewAlbum'),
    labelAlbumPhotos: method('labelAlbumPhotos'),
    explainAlbumPhoto: method('explainAlbumPhoto'),
    categorize: method('categorize'),
    planSort: method('planSort'),
    startSort: method('startSort'),
    startSortUndo: method('startSortUndo'),
    cancelSort: method('cancelSort'),
    getSortJob: method('getSortJob'),
    listSortRuns: method('listSortRuns'),
    listModels: method('listModels'),
    startModelDownload: method('startModelDownload'),
    cancelModelDownload: method('cancelModelDownload'),
    getModelDownload: method('getModelDownload'),
    removeModel: method('removeModel'),
    importModelFolder: method('importModelFolder'),
    revealSortTarget: method('revealSortTarget'),
    listSubfolders: method('listSubfolders'),
    listFolderTree: method('listFolderTree'),
    listDuplicates: method('listDuplicates'),
    listStyleProviders: method('listStyleProviders'),
    setStyleProviderSettings: method('setStyleProviderSettings'),
    previewStyle: method('previewStyle'),
    cancelStylePreview: method('cancelStylePreview'),
    getStyleJob: method('getStyleJob'),
    saveStyledCopy: method('saveStyledCopy'),
    onIndexProgress: (listener) => subscribe('indexProgress', listener),
    onLibraryChanged: (listener) => subscribe('libraryChanged', listener),
    onWorkerRestarted: (listener) => subscribe('workerRestarted', listener),
    onAlbumsChanged: (listener) => subscribe('albumsChanged', listener),
    onSortProgress: (listener) => subscribe('sortProgress', listener),
    onModelDownloadProgress: (listener) => subscribe('modelDownloadProgress', listener),
    onStyleProgress: (listener) => subscribe('styleProgress', listener),
    photoUrl: (kind: PhotoAssetKind, id: number) => capabilityUrl(token, `/photo/${kind}/${id}`, Date.now()),
  };
}

export const api: RecollectBridge = window.recollect ?? createHttpBridge();
