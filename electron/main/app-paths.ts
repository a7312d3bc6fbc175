/**
 * Every path main uses, in one place. The built files live next to each other under out/ (see
 * tools/build-electron.ts), and app.getAppPath() is the repository in development and app.asar
 * when packaged, so the same joins work in both.
 */
import path from 'node:path';
import { resolveLibraryFile } from '../paths/library-location.js';

export interface AppPaths {
  preload: string;
  worker: string;
  rendererDist: string;
  userData: string;
  libraryFile: string;
  cacheDir: string;
}

export function appPaths(appRoot: string, userData: string, env: NodeJS.ProcessEnv = process.env): AppPaths {
  // Same library as the CLI: RECOLLECT_LIBRARY, else <appData>/Recollect/library.db, which is
  // app.getPath('userData')/library.db because productName is "Recollect".
  const libraryFile = resolveLibraryFile(undefined, env);
  return {
    preload: path.join(appRoot, 'out', 'preload', 'preload.cjs'),
    worker: path.join(appRoot, 'out', 'worker', 'worker-main.js'),
    rendererDist: path.join(appRoot, 'renderer', 'dist'),
    userData,
    libraryFile,
    cacheDir: path.join(path.dirname(libraryFile), 'cache'),
  };
}
