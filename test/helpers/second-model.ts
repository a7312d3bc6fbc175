/**
 * A second real model for switching tests that needs nothing outside the repo: the fixture model
 * as one combined graph (test/fixtures/shapes-clip-combined: other ONNX bytes, so another model
 * id) with other normalisation numbers in its preprocessor_config.json, so every image vector
 * really differs from the fixture model's. Same text tower: the two disagree on scores, not on
 * what words mean, which is what a user switching between two CLIP sizes sees too.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './cli-process.js';

const COMBINED_DIR = path.join(REPO_ROOT, 'test/fixtures/shapes-clip-combined');

/** Writes the second model into `dir` (created) and returns it. */
export async function writeSecondModel(dir: string): Promise<string> {
  await fs.cp(COMBINED_DIR, dir, { recursive: true });
  const configFile = path.join(dir, 'preprocessor_config.json');
  const config: unknown = JSON.parse(await fs.readFile(configFile, 'utf8'));
  if (typeof config !== 'object' || config === null) throw new Error(`${configFile} is not a JSON object`);
  await fs.writeFile(configFile, JSON.stringify({ ...config, image_mean: [0.3, 0.6, 0.5], image_std: [0.3, 0.25, 0.3] }, null, 2));
  return dir;
}
