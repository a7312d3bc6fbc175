/**
 * Which small real model the integration tests use: our committed fixture model
 * (models/fixtures/shapes-clip, always in the repo), or refclip-a from ../shared as a fallback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './cli-process.js';

export const FIXTURE_MODEL_DIR = path.join(REPO_ROOT, 'models/fixtures/shapes-clip');
export const SHARED_DIR = path.resolve(REPO_ROOT, '../shared');
export const REFCLIP_DIR = path.join(SHARED_DIR, 'reference-models/refclip-a');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus');

export function testModelDir(): string | null {
  for (const dir of [FIXTURE_MODEL_DIR, REFCLIP_DIR]) {
    if (fs.existsSync(path.join(dir, 'onnx/vision_model.onnx'))) return dir;
  }
  return null;
}
