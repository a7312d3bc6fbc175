/**
 * Rescan benchmark inputs: many small, distinct PNGs spread over folders, so a rescan costs what a
 * big library's file count costs (listing, stat, comparing with the library) and not what decoding
 * costs (an unchanged file is never decoded). 16x16 pixels of seeded noise over a per-file colour:
 * every file has different bytes, so content hashes (moves) stay unique, as in a real library.
 * Generated once into .cache/bench-rescan (git-ignored) and reused while the recipe is unchanged;
 * the files keep their mtime, so a reused set is "unchanged" to a library indexed from it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { mulberry32 } from '../fixture-model/render-scene.js';
import { CACHE_DIR } from './bench-paths.js';

export const RESCAN_CACHE_DIR = join(CACHE_DIR, 'bench-rescan');
const SIDE = 16;
const RECIPE_VERSION = 1;
/** PNG encodes in flight (sharp runs them on libuv's pool of 4). */
const CONCURRENCY = 8;

export interface RescanPhotoSet {
  dir: string;
  files: number;
  folders: number;
}

function folderName(i: number): string {
  return `folder-${String(i).padStart(2, '0')}`;
}

async function renderPng(file: string, seed: number): Promise<void> {
  const rand = mulberry32(seed * 2654435761 + 1);
  const base = [rand() * 255, rand() * 255, rand() * 255];
  const pixels = Buffer.alloc(SIDE * SIDE * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.min(255, Math.max(0, (base[i % 3] ?? 0) + (rand() - 0.5) * 96));
  await sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toFile(file);
}

/** Makes sure `files` photos exist in `folders` folders (file i in folder i % folders); returns the set. */
export async function ensureRescanPhotos(files: number, folders: number, log: (m: string) => void): Promise<RescanPhotoSet> {
  const dir = join(RESCAN_CACHE_DIR, `photos-${files}x${folders}`);
  const key = JSON.stringify({ version: RECIPE_VERSION, side: SIDE, files, folders });
  const keyFile = join(dir, '.recipe');
  if (existsSync(keyFile) && (await readFile(keyFile, 'utf8')) === key) return { dir, files, folders };
  await rm(dir, { recursive: true, force: true });
  for (let f = 0; f < folders; f++) await mkdir(join(dir, folderName(f)), { recursive: true });
  log(`rendering ${files} ${SIDE}x${SIDE} PNGs in ${folders} folders into ${dir} (once)`);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < files; i = next++) {
      await renderPng(join(dir, folderName(i % folders), `photo-${String(i).padStart(6, '0')}.png`), i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await writeFile(keyFile, key);
  return { dir, files, folders };
}
