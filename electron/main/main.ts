/**
 * Entry of the Electron main process: a thin shell. It owns the window, the security rules, the
 * app:// and photo:// protocols, typed IPC and the engine worker's lifetime; all engine work
 * (SQLite, ONNX, sharp) runs in the worker (utilityProcess), so a native crash there restarts the
 * worker instead of taking the window down.
 * Must not import electron/core, electron/service or the renderer (lint zone).
 */
import { app, BrowserWindow, ipcMain, protocol, screen, session, shell, utilityProcess } from 'electron';
import { eventChannel, PHOTO_SCHEME } from '../contract/channels.js';
import { isAssetFile, isPhotoDto, sortRunTargets } from '../contract/worker-protocol.js';
import { APP_INDEX_URL, APP_SCHEME, createAppProtocolHandler } from './app-protocol.js';
import { appPaths } from './app-paths.js';
import { createHostActions } from './host-actions.js';
import { folderPaths } from './library-file.js';
import { registerIpc } from './ipc-router.js';
import { createPhotoProtocolHandler } from './photo-protocol.js';
import { recoverFromRendererCrashes } from './renderer-recovery.js';
import { blockNavigation, lockDownSession, secureWebPreferences } from './security.js';
import { MIN_SIZE, loadWindowState, saveWindowState, windowStateFile } from './window-state.js';
import { WorkerHost } from './worker-host.js';

// Sandbox every renderer, whatever a window's own options say.
app.enableSandbox();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
  { scheme: PHOTO_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let mainWindow: BrowserWindow | null = null;

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function sendToRenderer(channel: string, payload: unknown): void {
  if (mainWindow && !mainWindow.webContents.isDestroyed()) mainWindow.webContents.send(channel, payload);
}

function createWindow(preload: string, stateFile: string): BrowserWindow {
  const state = loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...state,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Recollect',
    backgroundColor: '#1b1b1f',
    webPreferences: secureWebPreferences(preload, { packaged: app.isPackaged }),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveWindowState(stateFile, win.getNormalBounds(), win.isMaximized()));
  // A crashed or killed renderer reloads the app page (with back-off) instead of leaving a blank window.
  recoverFromRendererCrashes(win, { appUrl: APP_INDEX_URL, log: (message) => console.warn(`recollect: ${message}`) });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_INDEX_URL);
  return win;
}

async function start(): Promise<void> {
  const paths = appPaths(app.getAppPath(), app.getPath('userData'));
  lockDownSession(session.defaultSession);

  const worker = new WorkerHost({
    fork: () =>
      utilityProcess.fork(paths.worker, [], {
        serviceName: 'Recollect engine',
        stdio: 'inherit',
        env: { ...process.env, RECOLLECT_LIBRARY: paths.libraryFile, RECOLLECT_CACHE_DIR: paths.cacheDir },
      }),
    onEvent: ({ event, payload }) => sendToRenderer(eventChannel(event), payload),
    onRestarted: (info) => {
      console.warn(`recollect: ${info.reason}; restarted`);
      sendToRenderer(eventChannel('workerRestarted'), info);
    },
  });
  worker.start();
  app.on('before-quit', () => worker.stop());

  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDist));
  protocol.handle(
    PHOTO_SCHEME,
    createPhotoProtocolHandler({
      cacheDir: paths.cacheDir,
      resolveAsset: async (kind, id) => {
        const answer = await worker.call('asset:resolve', [kind, id]);
        return isAssetFile(answer) ? answer : null;
      },
    }),
  );

  registerIpc({
    ipcMain,
    trustedWindow: () => mainWindow,
    worker,
    mainHandlers: createHostActions({
      window: () => mainWindow,
      getPhoto: async (id) => {
        const photo = await worker.call('getPhoto', [id]);
        if (!isPhotoDto(photo)) throw new Error('The engine sent an unexpected photo record');
        return photo;
      },
      libraryFolders: async () => folderPaths(await worker.call('listFolders', [])),
      sortRuns: async () => sortRunTargets(await worker.call('listSortRuns', [])),
    }),
    log: (message) => console.warn(`recollect: ${message}`),
  });

  mainWindow = createWindow(paths.preload, windowStateFile(paths.userData));
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow(paths.preload, windowStateFile(paths.userData));
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Recollect is running: it gets focus (second-instance below), this one leaves.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  // Every webContents, including any created later (devtools excepted by Electron), is locked down.
  app.on('web-contents-created', (_event, contents) =>
    blockNavigation(contents, (url) => {
      shell.openExternal(url).catch(() => undefined);
    }),
  );
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start, (err: unknown) => {
    console.error('recollect: could not start', err);
    app.quit();
  });
}
