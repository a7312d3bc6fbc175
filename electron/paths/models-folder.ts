/**
 * Where installed models live: a `models` folder in the per-user app-data folder (beside the
 * library), RECOLLECT_MODELS_DIR overrides it. A model is named by its folder name there, so
 * `recollect model use clip-vit-b32` and a path to a folder mean the same thing.
 * Shared by every host: node:os/path/fs only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveModelsDir } from './models-location.js';

/** The models folder (one rule for every host: models-location.ts). */
export function modelsFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return resolveModelsDir(env, platform);
}

/** Reads like a path rather than a name: absolute, ./ ../ or ~/. */
function looksLikePath(ref: string): boolean {
  return path.isAbsolute(ref) || /^(\.{1,2}|~)([\\/]|$)/.test(ref);
}

const isDir = (p: string): boolean => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;

/**
 * The folder an `<id|dir>` argument names: an installed model's folder name first (a bare name
 * is what a user who downloaded a model types), then a path; null when neither is a folder.
 */
export function resolveModelRef(ref: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null {
  if (ref.trim() === '') return null;
  const home = ref === '~' || ref.startsWith('~/') || ref.startsWith('~\\') ? path.join(os.homedir(), ref.slice(1)) : null;
  if (!looksLikePath(ref)) {
    const installed = path.join(modelsFolder(env), ref);
    if (isDir(installed)) return installed;
  }
  const asPath = home ?? path.resolve(cwd, ref);
  return isDir(asPath) ? asPath : null;
}
