/**
 * The benchmark model: a random-weight CLIP ViT-B/32 with the real shapes (make-bench-model.py),
 * in the Hugging Face / transformers.js ONNX layout, built on demand into .cache/bench-model
 * (git-ignored; ~600 MB, ~1 min). Rebuilt when make-bench-model.py changes.
 *
 *   npx tsx tools/bench/bench-model.ts [--force]   build (if needed) and check it through loadClipModel
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_ROOT, CACHE_DIR, REPO_ROOT } from './bench-paths.js';

export const BENCH_MODEL_DIR = join(CACHE_DIR, 'bench-model');
const SCRIPT = join(BENCH_ROOT, 'make-bench-model.py');
const REFERENCE_DIR = join(REPO_ROOT, '../shared/reference-models/refclip-a');
const PYTHON = '/usr/bin/python3';
const KEY_FILE = 'bench-model.key';

async function recipeKey(): Promise<string> {
  return createHash('sha256').update(await readFile(SCRIPT)).digest('hex');
}

/** Builds the model unless an up-to-date one is there; returns its folder. */
export async function ensureBenchModel(options: { force?: boolean; log?: (m: string) => void } = {}): Promise<string> {
  const log = options.log ?? ((m: string) => console.error(m));
  const key = await recipeKey();
  const current = await readFile(join(BENCH_MODEL_DIR, KEY_FILE), 'utf8').catch(() => '');
  if (!options.force && current === key && existsSync(join(BENCH_MODEL_DIR, 'onnx/vision_model.onnx'))) return BENCH_MODEL_DIR;
  if (!existsSync(REFERENCE_DIR)) {
    throw new Error(`${REFERENCE_DIR} is missing: the bench model copies the CLIP tokenizer/preprocessor files from it`);
  }
  const tmp = `${BENCH_MODEL_DIR}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  log(`building the benchmark model (random-weight CLIP ViT-B/32) into ${BENCH_MODEL_DIR} (~1 min)`);
  execFileSync(PYTHON, [SCRIPT, '--out', tmp, '--ref', REFERENCE_DIR], { stdio: ['ignore', 'inherit', 'inherit'] });
  await writeFile(join(tmp, KEY_FILE), key);
  await rm(BENCH_MODEL_DIR, { recursive: true, force: true });
  await rename(tmp, BENCH_MODEL_DIR);
  return BENCH_MODEL_DIR;
}

/** Loads the model the way the product does and embeds one generated photo: proves the layout works. */
export async function checkBenchModel(dir: string): Promise<{ dim: number; loadMs: number; norm: number }> {
  const sharp = (await import('sharp')).default;
  const { loadClipModel } = await import('../../electron/core/embed/load-clip-model.js');
  const { openWithSharp } = await import('../../electron/core/image/sharp-image.js');
  const started = performance.now();
  const model = await loadClipModel(dir, { device: 'cpu', threads: 2 });
  const loadMs = performance.now() - started;
  try {
    const file = join(CACHE_DIR, 'bench-model-check.jpg');
    await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 120, b: 200 } } })
      .composite([{ input: Buffer.from('<svg width="640" height="480"><circle cx="320" cy="240" r="150" fill="orange"/></svg>') }])
      .jpeg()
      .toFile(file);
    const [embedding] = await model.encodeImages([await model.preprocess(await openWithSharp({ path: file, format: 'jpeg' }))]);
    if (!embedding || embedding.length !== 512) throw new Error(`expected a 512-d embedding, got ${embedding?.length}`);
    const norm = Math.hypot(...embedding);
    if (!Number.isFinite(norm)) throw new Error('the embedding is not finite');
    return { dim: embedding.length, loadMs, norm };
  } finally {
    await model.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = await ensureBenchModel({ force: process.argv.includes('--force') });
  const check = await checkBenchModel(dir);
  console.log(`bench model OK: ${dir} (loadClipModel ${Math.round(check.loadMs)} ms, ${check.dim}-d, |v| = ${check.norm.toFixed(4)})`);
}
