/**
 * Where the library lives by default: the per-user app-data folder, the same one Electron's
 * app.getPath('userData') gives the desktop app (appData + productName "Recollect"), so the CLI
 * and the app share one library. --library / RECOLLECT_LIBRARY override it.
 * Shared by every host (CLI, browser host, Electron main and worker): node:os/path only.
 */
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Recollect';
export const LIBRARY_FILE_NAME = 'library.db';

export function appDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? path.join(home, '.config');
}

export function defaultLibraryFile(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(appDataDir(platform, env), APP_NAME, LIBRARY_FILE_NAME);
}

export function resolveLibraryFile(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.RECOLLECT_LIBRARY;
  return chosen ? path.resolve(chosen) : defaultLibraryFile(process.platform, env);
}
