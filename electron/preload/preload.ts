/**
 * Preload of the app window (sandboxed, context-isolated; bundled to CommonJS because sandboxed
 * preloads cannot load ES modules). Exposes exactly one global, window.recollect.
 * Must not import electron/core, electron/service or the renderer (lint zone).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('recollect', createBridge(ipcRenderer));
