/**
 * Combined graph (`onnx/model.onnx`, both towers) vs split towers, on the same weights: what the
 * dummy batch costs (issue 12 item 5: "feed a one-image dummy batch, or split the graph once at
 * load; measure which is faster and uses less memory"). A model folder that holds both layouts
 * (refcnclip-a does) is run once through each, each in its own process so RSS is its own:
 *   - combined: the product path on model.onnx (every text batch also runs a zero 1-image batch
 *     through the vision half, every image batch a 1-token text through the text half);
 *   - towers:   the product path on text_model.onnx + vision_model.onnx, which is exactly what
 *     splitting the combined graph at load would hand ONNX Runtime.
 *
 * Run: npx tsx tools/bench/combined-graph-bench.ts [--model DIR] [--runs 30] [--threads 1]
 * Prints one JSON line per layout (median milliseconds, peak RSS in MiB).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadClipModel } from '../../electron/core/embed/load-clip-model.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: path.resolve(fileURLToPath(import.meta.url), '../../../../shared/reference-models/refcnclip-a') },
    runs: { type: 'string', default: '30' },
    threads: { type: 'string', default: '1' },
    layout: { type: 'string' },
    dir: { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const THREADS = Number(values.threads);
const LAYOUT_FILES: Record<string, readonly string[]> = {
  combined: ['onnx/model.onnx'],
  towers: ['onnx/text_model.onnx', 'onnx/vision_model.onnx'],
};

async function median(work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Number((times[Math.floor(times.length / 2)] ?? NaN).toFixed(3));
}

/** One layout, in this process: load, then time the calls search, albums and indexing make. */
async function measure(layout: string, dir: string): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const loadStarted = performance.now();
  const model = await loadClipModel(dir, { device: 'cpu', threads: THREADS });
  const loadMs = performance.now() - loadStarted;
  const rssLoaded = process.memoryUsage().rss;
  const side = 224;
  const pixels = (n: number): Float32Array[] => Array.from({ length: n }, (_, i) => new Float32Array(3 * side * side).fill(i / n));
  const prompts = Array.from({ length: 32 }, (_, i) => `一张照片 photo ${i} 海边的狗`);
  const result = {
    layout,
    loadMs: Number(loadMs.toFixed(1)),
    oneQueryMs: await median(() => model.encodeTexts(['海边奔跑的狗'])),
    prompts32Ms: await median(() => model.encodeTexts(prompts)),
    oneImageMs: await median(() => model.encodeImages(pixels(1))),
    images8Ms: await median(() => model.encodeImages(pixels(8))),
    rssLoadedMiB: Math.round((rssLoaded - rssBefore) / 2 ** 20),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  await model.dispose();
  console.log(JSON.stringify(result));
}

/** A folder of symlinks holding every non-ONNX file of `source` and only `layout`'s ONNX files. */
async function layoutFolder(root: string, source: string, layout: string): Promise<string> {
  const dir = path.join(root, layout);
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    if (entry.isFile()) await symlink(path.join(source, entry.name), path.join(dir, entry.name));
  }
  for (const file of LAYOUT_FILES[layout] ?? []) await symlink(path.join(source, file), path.join(dir, file));
  return dir;
}

if (values.layout && values.dir) {
  await measure(values.layout, values.dir);
} else {
  const root = await mkdtemp(path.join(os.tmpdir(), 'recollect-combined-bench-'));
  try {
    for (const layout of Object.keys(LAYOUT_FILES)) {
      const dir = await layoutFolder(root, values.model, layout);
      const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--layout', layout, '--dir', dir, '--runs', String(RUNS), '--threads', String(THREADS)];
      const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
      if (child.status !== 0) throw new Error(`${layout} run failed (exit ${String(child.status)})`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
