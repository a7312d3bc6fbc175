/**
 * Benchmark photos: 12-megapixel (4000 x 3000) JPEGs at quality 90 with photo-like content
 * (smooth two-axis gradients, soft shapes, sensor-like noise), so the JPEG decoder and the resize
 * do the work a camera photo costs them; flat colour would decode unrealistically fast.
 * Generated once into .cache/bench-photos (git-ignored) and reused while the recipe is unchanged.
 * Rendering is ~1-2 s of one core per photo; `jobs` > 1 splits the photos over that many child
 * processes (the GPU machine's 16 cores render 256 in well under a minute).
 *
 *   npx tsx tools/bench/bench-photos.ts --count N [--jobs J]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { CACHE_DIR } from './bench-paths.js';
import { mulberry32 } from '../fixture-model/render-scene.js';

export const BENCH_PHOTOS_DIR = join(CACHE_DIR, 'bench-photos');
export const PHOTO_WIDTH = 4000;
export const PHOTO_HEIGHT = 3000;
const RECIPE = { version: 2, width: PHOTO_WIDTH, height: PHOTO_HEIGHT, quality: 90, noise: 14 } as const;

/** Seeded PRNG shared with the fixture renderer: the same photos on every machine. */
const prng = mulberry32;

/** Scene is drawn at 1/4 size and upscaled (smooth, like out-of-focus areas), then noise is added at full size. */
const SCENE_SCALE = 4;

/** Gradient between four random corner colours plus low-frequency waves, at scene size. */
function backgroundRaw(rand: () => number, width: number, height: number): Buffer {
  const corners = Array.from({ length: 4 }, () => [rand() * 255, rand() * 255, rand() * 255] as const);
  const wave = { fx: 2 + rand() * 6, fy: 2 + rand() * 6, amp: 10 + rand() * 20 };
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const v = y / (height - 1);
    const waveY = Math.sin((v * wave.fy + 0.3) * Math.PI);
    for (let x = 0; x < width; x++) {
      const u = x / (width - 1);
      const shade = wave.amp * Math.sin(u * wave.fx * Math.PI) * waveY;
      for (let c = 0; c < 3; c++) {
        const top = (corners[0]?.[c] ?? 0) * (1 - u) + (corners[1]?.[c] ?? 0) * u;
        const bottom = (corners[2]?.[c] ?? 0) * (1 - u) + (corners[3]?.[c] ?? 0) * u;
        const value = top * (1 - v) + bottom * v + shade;
        out[(y * width + x) * 3 + c] = value < 0 ? 0 : value > 255 ? 255 : value;
      }
    }
  }
  return out;
}

/** Ellipses, rotated rectangles and a horizon band, as an SVG overlay at scene size. */
function shapesSvg(rand: () => number, width: number, height: number): Buffer {
  const colour = (): string => `rgb(${Math.round(rand() * 255)},${Math.round(rand() * 255)},${Math.round(rand() * 255)})`;
  const parts: string[] = [
    `<rect x="0" y="${Math.round(height * (0.5 + rand() * 0.3))}" width="${width}" height="${height}" fill="${colour()}" opacity="0.45"/>`,
  ];
  const count = 4 + Math.floor(rand() * 6);
  for (let i = 0; i < count; i++) {
    const x = Math.round(rand() * width);
    const y = Math.round(rand() * height);
    const r = Math.round((100 + rand() * 700) / SCENE_SCALE);
    const opacity = (0.35 + rand() * 0.6).toFixed(2);
    parts.push(
      rand() < 0.5
        ? `<ellipse cx="${x}" cy="${y}" rx="${r}" ry="${Math.round(r * (0.4 + rand()))}" fill="${colour()}" opacity="${opacity}"/>`
        : `<rect x="${x - r}" y="${y - r / 2}" width="${r * 2}" height="${r}" fill="${colour()}" opacity="${opacity}" transform="rotate(${Math.round(rand() * 60 - 30)} ${x} ${y})"/>`,
    );
  }
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`);
}

/** Sensor-like noise (xorshift32, cheap enough for 36 M samples), in place. */
function addNoise(pixels: Buffer, amplitude: number, seed: number): void {
  let state = seed >>> 0 || 1;
  for (let i = 0; i < pixels.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = (pixels[i] ?? 0) + ((state >>> 0) / 4294967296 - 0.5) * 2 * amplitude;
    pixels[i] = value < 0 ? 0 : value > 255 ? 255 : value;
  }
}

async function renderPhoto(file: string, seed: number): Promise<void> {
  const rand = prng(seed * 7919 + 17);
  const { width, height, quality, noise } = RECIPE;
  const sw = width / SCENE_SCALE;
  const sh = height / SCENE_SCALE;
  const scene = await sharp(backgroundRaw(rand, sw, sh), { raw: { width: sw, height: sh, channels: 3 } })
    .composite([{ input: shapesSvg(rand, sw, sh) }])
    .blur(1 + rand() * 2)
    .removeAlpha()
    .raw()
    .toBuffer();
  const full = await sharp(scene, { raw: { width: sw, height: sh, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  addNoise(full, noise, (rand() * 0xffffffff) >>> 0);
  const shot = new Date(Date.UTC(2024, 5, 1, 8, 0, 0) + seed * 3_600_000);
  const stamp = shot.toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':');
  await sharp(full, { raw: { width, height, channels: 3 } })
    .withExif({ IFD0: { Make: 'Recollect', Model: 'Bench Camera', DateTime: stamp } })
    .jpeg({ quality })
    .toFile(file);
}

function photoName(i: number): string {
  return `photo-${String(i).padStart(3, '0')}.jpg`;
}

async function renderRange(dir: string, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) await renderPhoto(join(dir, photoName(i)), i);
}

/** Renders [from, to) in a child process running this file (its own main thread for the JS loops). */
function renderInChild(dir: string, from: number, to: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--render', dir, String(from), String(to)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`rendering photos ${from}-${to - 1} exited with ${code}`))));
  });
}

/** Makes sure `count` benchmark photos exist; returns their folder. */
export async function ensureBenchPhotos(count: number, log: (m: string) => void = (m) => console.error(m), options: { jobs?: number } = {}): Promise<string> {
  const key = JSON.stringify({ ...RECIPE, count });
  const keyFile = join(BENCH_PHOTOS_DIR, '.recipe');
  if (existsSync(keyFile) && (await readFile(keyFile, 'utf8')) === key) return BENCH_PHOTOS_DIR;
  await rm(BENCH_PHOTOS_DIR, { recursive: true, force: true });
  await mkdir(BENCH_PHOTOS_DIR, { recursive: true });
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, count));
  log(`rendering ${count} ${PHOTO_WIDTH}x${PHOTO_HEIGHT} JPEGs into ${BENCH_PHOTOS_DIR} (once; ~1-2 s each, ${jobs} at a time)`);
  if (jobs === 1) await renderRange(BENCH_PHOTOS_DIR, 0, count);
  else {
    const per = Math.ceil(count / jobs);
    const slices = Array.from({ length: jobs }, (_, j) => [j * per, Math.min(count, (j + 1) * per)] as const).filter(([a, b]) => a < b);
    await Promise.all(slices.map(([from, to]) => renderInChild(BENCH_PHOTOS_DIR, from, to)));
  }
  await writeFile(keyFile, key);
  return BENCH_PHOTOS_DIR;
}

export async function listBenchPhotos(dir: string = BENCH_PHOTOS_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(dir, f));
}


if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const render = args.indexOf('--render');
  if (render >= 0) {
    const [dir, from, to] = args.slice(render + 1, render + 4);
    await renderRange(dir ?? BENCH_PHOTOS_DIR, Number(from), Number(to));
  } else {
    const count = Number(at('count') ?? '64');
    const jobs = Number(at('jobs') ?? '1');
    if (!(count > 0 && jobs > 0)) throw new Error('--count and --jobs need numbers > 0');
    console.log(await ensureBenchPhotos(count, undefined, { jobs }));
  }
}
