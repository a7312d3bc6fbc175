/**
 * Where downloaded and imported models live: `<per-user app-data>/Recollect/models`, beside the
 * default library (library-location.ts), so the CLI and the app share them. RECOLLECT_MODELS_DIR
 * overrides it. node:path only: every host uses it.
 */
import path from 'node:path';
import { APP_NAME, appDataDir } from './library-location.js';

export const MODELS_DIR_NAME = 'models';

export function resolveModelsDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const chosen = env.RECOLLECT_MODELS_DIR;
  return chosen ? path.resolve(chosen) : path.join(appDataDir(platform, env), APP_NAME, MODELS_DIR_NAME);
}
