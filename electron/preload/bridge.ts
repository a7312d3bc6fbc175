/**
 * window.recollect: the RecollectBridge the renderer sees. A gate, not a tunnel (conventions.md
 * rule 3): one wrapper per contract method, each bound to its own channel; ipcRenderer itself is
 * never handed out; event listeners get the payload only (the IpcRendererEvent, which carries
 * `sender`, is stripped) and every on... returns its unsubscribe function.
 *
 * Failures reject with a plain ApiErrorDto object { code, message }: contextBridge copies Error
 * objects without their custom properties, so an Error would lose the code on the way.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { PhotoAssetKind, RecollectApi, RecollectBridge, RecollectMethod } from '../contract/api.js';
import { eventChannel, invokeChannel, PHOTO_SCHEME } from '../contract/channels.js';
import { isErrorCode, type ApiErrorDto } from '../contract/errors.js';
import type { RecollectEventMap, RecollectEventName, Unsubscribe } from '../contract/events.js';
import { isPhotoAssetKind, isPhotoId } from '../contract/photo-asset.js';

export type IpcLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Main answers { ok: true, result } | { ok: false, error: ApiErrorDto } (see main/ipc-router.ts). */
export function unwrapEnvelope(envelope: unknown): unknown {
  if (isObject(envelope) && envelope.ok === true) return envelope.result;
  if (isObject(envelope) && envelope.ok === false && isObject(envelope.error)) {
    const { code, message } = envelope.error;
    const error: ApiErrorDto = {
      code: isErrorCode(code) ? code : 'INTERNAL',
      message: typeof message === 'string' ? message : 'Unknown error',
    };
    throw error;
  }
  throw { code: 'INTERNAL', message: 'Malformed answer from the main process' } satisfies ApiErrorDto;
}

function invoker<M extends RecollectMethod>(ipc: IpcLike, method: M): RecollectApi[M] {
  const channel = invokeChannel(method);
  const call = async (...args: unknown[]): Promise<unknown> => unwrapEnvelope(await ipc.invoke(channel, ...args));
  // The renderer's arguments go to main unchecked (main validates them); what comes back is main's
  // answer for this method, so the erased call stands for the method's typed signature.
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- generic forwarder; main validates args and types the reply
  return call as RecollectApi[M];
}

function subscriber<E extends RecollectEventName>(ipc: IpcLike, event: E) {
  const channel = eventChannel(event);
  return (listener: (payload: RecollectEventMap[E]) => void): Unsubscribe => {
    const handler = (_event: IpcRendererEvent, payload: RecollectEventMap[E]) => listener(payload);
    ipc.on(channel, handler);
    return () => {
      ipc.removeListener(channel, handler);
    };
  };
}

export function photoUrl(kind: PhotoAssetKind, id: number): string {
  if (!isPhotoAssetKind(kind) || !isPhotoId(id)) {
    throw new TypeError('photoUrl expects ("thumb" | "preview" | "full", positive integer id)');
  }
  return `${PHOTO_SCHEME}://${kind}/${id}`;
}

export function createBridge(ipc: IpcLike): RecollectBridge {
  // One wrapper per method, spelled out: the compiler refuses a bridge that lacks one (or has one
  // too many), which a map over API_METHODS could only promise through a cast.
  return {
    getCapabilities: invoker(ipc, 'getCapabilities'),
    getStatus: invoker(ipc, 'getStatus'),
    setModel: invoker(ipc, 'setModel'),
    listFolders: invoker(ipc, 'listFolders'),
    addFolder: invoker(ipc, 'addFolder'),
    removeFolder: invoker(ipc, 'removeFolder'),
    pickFolder: invoker(ipc, 'pickFolder'),
    startIndexing: invoker(ipc, 'startIndexing'),
    pauseIndexing: invoker(ipc, 'pauseIndexing'),
    resumeIndexing: invoker(ipc, 'resumeIndexing'),
    getIndexState: invoker(ipc, 'getIndexState'),
    listPhotos: invoker(ipc, 'listPhotos'),
    getPhoto: invoker(ipc, 'getPhoto'),
    search: invoker(ipc, 'search'),
    revealPhoto: invoker(ipc, 'revealPhoto'),
    openPhoto: invoker(ipc, 'openPhoto'),
    listAlbums: invoker(ipc, 'listAlbums'),
    listStarterAlbums: invoker(ipc, 'listStarterAlbums'),
    createAlbum: invoker(ipc, 'createAlbum'),
    updateAlbum: invoker(ipc, 'updateAlbum'),
    deleteAlbum: invoker(ipc, 'deleteAlbum'),
    getAlbum: invoker(ipc, 'getAlbum'),
    previewAlbum: invoker(ipc, 'previewAlbum'),
    labelAlbumPhotos: invoker(ipc, 'labelAlbumPhotos'),
    explainAlbumPhoto: invoker(ipc, 'explainAlbumPhoto'),
    categorize: invoker(ipc, 'categorize'),
    planSort: invoker(ipc, 'planSort'),
    startSort: invoker(ipc, 'startSort'),
    startSortUndo: invoker(ipc, 'startSortUndo'),
    cancelSort: invoker(ipc, 'cancelSort'),
    getSortJob: invoker(ipc, 'getSortJob'),
    listSortRuns: invoker(ipc, 'listSortRuns'),
    listModels: invoker(ipc, 'listModels'),
    startModelDownload: invoker(ipc, 'startModelDownload'),
    cancelModelDownload: invoker(ipc, 'cancelModelDownload'),
    getModelDownload: invoker(ipc, 'getModelDownload'),
    removeModel: invoker(ipc, 'removeModel'),
    importModelFolder: invoker(ipc, 'importModelFolder'),
    revealSortTarget: invoker(ipc, 'revealSortTarget'),
    listSubfolders: invoker(ipc, 'listSubfolders'),
    listFolderTree: invoker(ipc, 'listFolderTree'),
    listDuplicates: invoker(ipc, 'listDuplicates'),
    listStyleProviders: invoker(ipc, 'listStyleProviders'),
    setStyleProviderSettings: invoker(ipc, 'setStyleProviderSettings'),
    previewStyle: invoker(ipc, 'previewStyle'),
    cancelStylePreview: invoker(ipc, 'cancelStylePreview'),
    getStyleJob: invoker(ipc, 'getStyleJob'),
    saveStyledCopy: invoker(ipc, 'saveStyledCopy'),
    onIndexProgress: subscriber(ipc, 'indexProgress'),
    onLibraryChanged: subscriber(ipc, 'libraryChanged'),
    onWorkerRestarted: subscriber(ipc, 'workerRestarted'),
    onAlbumsChanged: subscriber(ipc, 'albumsChanged'),
    onSortProgress: subscriber(ipc, 'sortProgress'),
    onModelDownloadProgress: subscriber(ipc, 'modelDownloadProgress'),
    onStyleProgress: subscriber(ipc, 'styleProgress'),
    photoUrl,
  };
}
