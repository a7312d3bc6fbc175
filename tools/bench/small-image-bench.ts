/**
 * Small-photo indexing throughput (issue 14): the exact bicubic upscale on the main thread (the old
 * path, `upscaleWorkers: 0`) against the upscale worker pool (the default), with the committed
 * fixture model, so the time goes to decode + upscale + store rather than to a big network.
 * Each run is a child process on a fresh library; old and new alternate within each repeat so
 * drift in machine load hits both; medians are reported.
 *
 *   npx tsx tools/bench/small-image-bench.ts [--photos 400] [--repeats 5] [--threads 2] [--workers auto,1,2]
 *
 * A script, not a test: numbers depend on the machine. Docs: docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { mulberry32 } from '../fixture-model/render-scene.js';
import { BENCH_ROOT, CACHE_DIR, REPO_ROOT } from './bench-paths.js';
import { busyCores, cpuTimes } from './cpu-idle.js';
import { argValue, RESULT_PREFIX } from './variants/variant-result.js';

const photoCount = Number(argValue('photos', '400'));
const repeats = Number(argValue('repeats', '5'));
const threads = argValue('threads', '2');
const poolVariants = argValue('workers', 'auto').split(',');
const MODEL_DIR = join(REPO_ROOT, 'models/fixtures/shapes-clip');
const PHOTOS_DIR = join(CACHE_DIR, `bench-small-photos-${photoCount}`);
const log = (m: string): void => console.error(`[small-bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

/**
 * Sides 16-200 px (both axes, seeded), half JPEG and half PNG, smooth colour plus noise: every
 * one is smaller than the 224 px input, so every one takes the upscale path.
 */
async function ensurePhotos(): Promise<void> {
  if (existsSync(PHOTOS_DIR) && (await readdir(PHOTOS_DIR)).length === photoCount) return;
  await rm(PHOTOS_DIR, { recursive: true, force: true });
  await mkdir(PHOTOS_DIR, { recursive: true });
  const rand = mulberry32(14);
  for (let i = 0; i < photoCount; i++) {
    const width = 16 + Math.floor(rand() * 185);
    const height = 16 + Math.floor(rand() * 185);
    const base = [rand() * 255, rand() * 255, rand() * 255];
    const data = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = ((base[c] ?? 0) + (x * (c + 1) * 255) / width + (rand() - 0.5) * 40) % 256;
      }
    }
    const image = sharp(data, { raw: { width, height, channels: 3 } });
    const name = join(PHOTOS_DIR, `small-${String(i).padStart(4, '0')}`);
    if (i % 2 === 0) await image.jpeg({ quality: 90 }).toFile(`${name}.jpg`);
    else await image.png().toFile(`${name}.png`);
  }
  log(`generated ${photoCount} small photos in ${PHOTOS_DIR}`);
}

interface RunResult {
  filesPerSecond: number;
  cpuCores: number;
  mainThreadBusy: number;
  otherCores: number | null;
}

function num(value: unknown): number {
  if (typeof value !== 'number') throw new Error(`expected a number in the variant's result, got ${String(value)}`);
  return value;
}

async function runVariant(upscaleWorkers: string): Promise<RunResult> {
  const before = await cpuTimes();
  const started = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const args = ['--import', 'tsx', join(BENCH_ROOT, 'variants/small-index.ts'), '--model', MODEL_DIR, '--photos', PHOTOS_DIR, '--threads', threads, '--upscale-workers', upscaleWorkers];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`small-index.ts exited with ${code}\n${text.slice(-2000)}`))));
  });
  const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`small-index.ts printed no result\n${out.slice(-2000)}`);
  const parsed: unknown = JSON.parse(line.slice(RESULT_PREFIX.length));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('small-index.ts: bad result line');
  const field = (name: string): unknown => (name in parsed ? Object.getOwnPropertyDescriptor(parsed, name)?.value : undefined);
  const wallMs = performance.now() - started;
  const machine = busyCores(before, await cpuTimes(), os.cpus().length);
  const own = num(field('processCpuMs')) / wallMs;
  return {
    filesPerSecond: num(field('filesPerSecond')),
    cpuCores: num(field('cpuCores')),
    mainThreadBusy: num(field('mainThreadBusy')),
    otherCores: machine === null ? null : Math.max(0, machine - own),
  };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};

await ensurePhotos();
const variants = ['0', ...poolVariants];
const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.availableParallelism(), node: process.version, loadBefore: os.loadavg().map((l) => +l.toFixed(2)) };
log(`machine: ${machine.cpu}, ${machine.cpus} vCPU, Node ${machine.node}, load ${machine.loadBefore.join(' ')}`);
const results = new Map<string, RunResult[]>(variants.map((v) => [v, []]));
for (let r = 0; r < repeats; r++) {
  // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
  const order = r % 2 === 0 ? variants : [...variants].reverse();
  for (const v of order) {
    const result = await runVariant(v);
    results.get(v)?.push(result);
    log(`repeat ${r + 1}/${repeats} upscaleWorkers=${v}: ${result.filesPerSecond.toFixed(1)} files/s, main thread busy ${(result.mainThreadBusy * 100).toFixed(0)} %, other processes ${result.otherCores?.toFixed(2) ?? '?'} cores`);
  }
}
const summary = variants.map((v) => {
  const runs = results.get(v) ?? [];
  return {
    upscaleWorkers: v === '0' ? '0 (main thread, before)' : v,
    filesPerSecond: +median(runs.map((x) => x.filesPerSecond)).toFixed(1),
    runs: runs.map((x) => +x.filesPerSecond.toFixed(1)),
    mainThreadBusy: +median(runs.map((x) => x.mainThreadBusy)).toFixed(2),
    // Main-thread time each file costs, whatever the machine's other load leaves for the worker.
    mainThreadMsPerFile: +median(runs.map((x) => (x.mainThreadBusy * 1000) / x.filesPerSecond)).toFixed(1),
    cpuCores: +median(runs.map((x) => x.cpuCores)).toFixed(2),
    otherCores: +median(runs.map((x) => x.otherCores ?? NaN)).toFixed(2),
  };
});
const report = { photos: photoCount, repeats, threads, machine: { ...machine, loadAfter: os.loadavg().map((l) => +l.toFixed(2)) }, summary };
await mkdir(join(CACHE_DIR, 'bench-results'), { recursive: true });
await writeFile(join(CACHE_DIR, 'bench-results', `small-images-${Date.now()}.json`), `${JSON.stringify(report, null, 2)}\n`);
console.table(summary);
console.log(JSON.stringify(report));
