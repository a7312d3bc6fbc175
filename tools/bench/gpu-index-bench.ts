/**
 * GPU indexing benchmark (issue 14 goal 6): end-to-end indexing of 12 MP JPEGs with the GPU
 * execution provider (webgpu over Vulkan on Linux), decoding on every core, against the same on
 * the CPU. Made to run on the lent GPU machine in one call (tools/bench/gpu-device-run.sh,
 * docs/benchmarks.md "GPU indexing"), and here with --device cpu and small sizes as a dry run.
 *
 * Steps, most important first; each in its own child process (variants/), each with a deadline
 * inside --budget-s, so a slow step is cut and the report is still written:
 *   1. placement   ORT's node placement of the vision tower on the provider (verbose log)
 *   2. bare        bare ORT session on preprocessed tensors, batch 16/32/64 (the ceiling)
 *   3. index       the product: createCore({device, batchSize, decodeConcurrency}).index(folder)
 *   4. index cpu   the same on the CPU (first copy of the photos only), for img/s and cosine
 *   5. prepare     decode + preprocess alone, as many in flight as the index run (the CPU feed)
 *   6. bare cpu    bare CPU session, for the bare-session cosine
 *   7. more index repeats, then a small sweep of batch size and decode concurrency
 * Asserts the product ran on the provider asked for (ClipModel.device), that no heavy node fell
 * back to the CPU, and GPU-vs-CPU cosine >= 0.999; exits 1 if not (after writing the results).
 *
 *   npx tsx tools/bench/gpu-index-bench.ts [--device gpu] [--model DIR] [--photos 256] [--copies 1]
 *     [--batch 64] [--decode-concurrency <cores>] [--gpu-threads 4] [--cpu-threads <cores>]
 *     [--batch-sizes 16,32,64] [--images 1024] [--repeats 2] [--budget-s 300] [--no-sweep]
 * Writes .cache/bench-results/gpu-index-bench-*.json, and $OUT/gpu-index-bench.json plus
 * $OUT/placement.txt when OUT is set (the device tool's output folder).
 */
import { execFile, spawn } from 'node:child_process';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { gpuProvidersFor } from '../../electron/core/onnx/execution-providers.js';
import { isDeviceChoice } from '../../electron/core/onnx/device-choice.js';
import { ensureBenchModel } from './bench-model.js';
import { ensureBenchPhotos } from './bench-photos.js';
import { BENCH_ROOT, CACHE_DIR, REPO_ROOT } from './bench-paths.js';
import {
  cosine,
  formatCpuOps,
  formatTable,
  judgeRun,
  matchedCosines,
  median,
  parsePlacementLog,
  type KeyedVector,
  type Placement,
  type TableRow,
} from './gpu-bench-report.js';
import { listPhotoFiles } from './photo-files.js';
import { RESULT_PREFIX } from './variants/variant-result.js';

const argv = process.argv.slice(2);
function text(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
}
function count(name: string, fallback: number): number {
  const value = Number(text(name, String(fallback)));
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number >= 0`);
  return value;
}

const cores = os.availableParallelism();
const device = text('device', 'gpu');
if (!isDeviceChoice(device)) throw new Error(`--device must be auto, cpu or gpu, not ${device}`);
const expectedProvider = device === 'cpu' ? 'cpu' : (gpuProvidersFor(process.platform)[0] ?? 'cpu');
const settings = {
  device,
  expectedProvider,
  photos: count('photos', 256),
  copies: Math.max(1, count('copies', 1)),
  batch: count('batch', 64),
  decodeConcurrency: count('decode-concurrency', cores),
  gpuThreads: count('gpu-threads', 4),
  cpuThreads: count('cpu-threads', cores),
  batchSizes: text('batch-sizes', '16,32,64'),
  images: count('images', 1024),
  repeats: Math.max(1, count('repeats', 2)),
  budgetS: count('budget-s', 300),
  sweep: !argv.includes('--no-sweep'),
  vectorsCount: 8,
};
const started = performance.now();
const deadline = started + settings.budgetS * 1000;
const log = (m: string): void => console.error(`[gpu-bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
// sharp decodes on libuv's pool (4 threads by default): wide decoding needs a wider pool.
const childEnv = { ...process.env, UV_THREADPOOL_SIZE: String(Math.max(4, settings.decodeConcurrency + 4)) };

type Json = Record<string, unknown>;
interface ChildRun {
  result: Json;
  stderr: string;
}

/** Runs a variant (tsx loader) with a deadline; stderr is echoed, or kept whole when `keepStderr`. */
function runChild(script: string, args: string[], keepStderr = false): Promise<ChildRun> {
  const msLeft = deadline - performance.now();
  if (msLeft < 5_000) return Promise.reject(new Error('skipped: the time budget is spent'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_ROOT, 'variants', script), ...args], {
      cwd: REPO_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, msLeft);
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (!keepStderr) {
        process.stderr.write(chunk);
        err = err.slice(-8192); // only the tail is kept, for the failure message
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (timedOut) return reject(new Error(`cut at the time budget (${Math.round(msLeft / 1000)} s left when it started)`));
      if (code !== 0 || !line) return reject(new Error(`exited with ${code}: ${failureLine(`${out}\n${err}`)}`));
      const parsed: unknown = JSON.parse(line.slice(RESULT_PREFIX.length));
      if (typeof parsed !== 'object' || parsed === null) return reject(new Error('bad result line'));
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- checked to be a non-null object; fields are read with guards below
      resolve({ result: parsed as Json, stderr: err });
    });
  });
}

/** The line that says why a child failed: its first error line, else its last line. */
function failureLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /^(\w*Error|error:)|\bError: /.test(l)) ?? lines[lines.length - 1] ?? 'no output').slice(0, 400);
}

const failures: string[] = [];
/** Extra repeats and sweeps that failed or were cut: reported, but they do not fail the run. */
const notes: string[] = [];
/** Runs one step; a failure is recorded (and printed) instead of ending the benchmark. */
async function step<T>(name: string, work: () => Promise<T>, optional = false): Promise<T | null> {
  log(name);
  try {
    return await work();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    (optional ? notes : failures).push(`${name}: ${message}`);
    log(`  ${name} ${optional ? 'not done' : 'FAILED'}: ${message}`);
    return null;
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
function keyedVectors(v: unknown): KeyedVector[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e: unknown) => {
    if (typeof e !== 'object' || e === null || !('path' in e) || !('vector' in e)) return [];
    return typeof e.path === 'string' && Array.isArray(e.vector) ? [{ path: e.path, vector: e.vector.map(Number) }] : [];
  });
}
function sampleVectors(v: unknown): number[][] {
  return Array.isArray(v) ? v.filter(Array.isArray).map((row: unknown[]) => row.map(Number)) : [];
}

async function gpuName(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('nvidia-smi', ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader'], { timeout: 10_000 });
    return stdout.trim() || 'unknown GPU';
  } catch {
    return 'no nvidia-smi';
  }
}
async function cpuModel(): Promise<string> {
  const info = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
}

/** copy-0 ... copy-(C-1), each with hard links to every rendered photo: C x N files to index. */
async function linkCopies(source: string): Promise<string> {
  const root = join(CACHE_DIR, 'gpu-bench', 'photos');
  await rm(root, { recursive: true, force: true });
  const files = (await listPhotoFiles(source)).slice(0, settings.photos);
  for (let c = 0; c < settings.copies; c++) {
    const dir = join(root, `copy-${c}`);
    await mkdir(dir, { recursive: true });
    for (const f of files) await link(f, join(dir, basename(f)));
  }
  return root;
}

// ---- inputs -------------------------------------------------------------------------------
const modelArg = text('model', '');
const modelDir = modelArg || (await ensureBenchModel({ log }));
const rendered = await ensureBenchPhotos(settings.photos, log, { jobs: Math.min(cores, 16) });
const photosRoot = await linkCopies(rendered);
const firstCopy = join(photosRoot, 'copy-0');
const machine = { cpu: await cpuModel(), cores, gpu: await gpuName(), node: process.version, platform: process.platform, date: new Date().toISOString() };
log(`machine: ${machine.cpu}, ${cores} cores, GPU: ${machine.gpu}, Node ${machine.node}`);
log(`settings: ${JSON.stringify(settings)}`);
log(`model ${modelDir}; ${settings.photos * settings.copies} photos under ${photosRoot}`);

// ---- steps --------------------------------------------------------------------------------
const pipelineArgs = (dev: string, threads: number, photos: string, batch: number, decode: number): string[] => [
  '--model', modelDir, '--photos', photos, '--device', dev, '--threads', String(threads),
  '--batch-size', String(batch), '--decode-concurrency', String(decode), '--vectors-count', String(settings.vectorsCount),
];

let placementLog = '';
const placement: Placement | null = await step(`placement of the vision tower on ${expectedProvider}`, async () => {
  const run = await runChild('ort-placement.ts', ['--model', modelDir, '--provider', expectedProvider], true);
  placementLog = run.stderr.split('\n').filter((l) => l.includes('VerifyEachNodeIsAssignedToAnEp') || /\[[EW]:onnxruntime|Error/.test(l)).join('\n');
  return parsePlacementLog(run.stderr);
});

const bareArgs = (provider: string, threads: number, images: number, batches: string): string[] => [
  '--model', modelDir, '--provider', provider, '--threads', String(threads), '--images', String(images), '--batch-sizes', batches, '--sample', '4',
];
const bare = await step(`bare ORT on ${expectedProvider}, batch ${settings.batchSizes}`, async () =>
  (await runChild('ort-bare.ts', bareArgs(expectedProvider, settings.gpuThreads, settings.images, settings.batchSizes))).result);

const indexRuns: Json[] = [];
const indexOnce = async (label: string, optional = false): Promise<void> => {
  const r = await step(`${label}: index ${settings.photos * settings.copies} photos on ${device}, batch ${settings.batch}, decode ${settings.decodeConcurrency}`, async () =>
    (await runChild('pipeline.ts', pipelineArgs(device, settings.gpuThreads, photosRoot, settings.batch, settings.decodeConcurrency))).result, optional);
  if (r) {
    indexRuns.push(r);
    log(`  ${label}: ${num(r.imagesPerSecond)?.toFixed(1)} img/s on ${str(r.device)}`);
  }
};
await indexOnce('index 1');

const indexCpu = device === 'cpu'
  ? null
  : await step(`the same on the CPU (${settings.photos} photos, ${settings.cpuThreads} threads)`, async () =>
    (await runChild('pipeline.ts', pipelineArgs('cpu', settings.cpuThreads, firstCopy, settings.batch, settings.decodeConcurrency))).result);

const prepare = await step(`decode + preprocess alone, ${settings.decodeConcurrency} in flight`, async () =>
  (await runChild('prepare-only.ts', ['--model', modelDir, '--photos', photosRoot, '--width', String(settings.decodeConcurrency)])).result);

const bareCpu = device === 'cpu'
  ? null
  : await step(`bare ORT on cpu, batch 32, ${settings.cpuThreads} threads`, async () =>
    (await runChild('ort-bare.ts', bareArgs('cpu', settings.cpuThreads, 128, '32'))).result);

for (let r = 2; r <= settings.repeats; r++) await indexOnce(`index ${r}`, true);

const sweeps: Json[] = [];
if (settings.sweep) {
  const half = Math.max(1, Math.round(settings.decodeConcurrency / 2));
  const wide = Math.round(settings.decodeConcurrency * 1.5);
  for (const [batch, decode] of [[32, settings.decodeConcurrency], [settings.batch, half], [settings.batch, wide]] as const) {
    if (deadline - performance.now() < 60_000) break; // room for a whole run, model load included
    const r = await step(`sweep: batch ${batch}, decode ${decode}`, async () =>
      (await runChild('pipeline.ts', pipelineArgs(device, settings.gpuThreads, photosRoot, batch, decode))).result, true);
    if (r) sweeps.push(r);
  }
}

// ---- verdict and report -------------------------------------------------------------------
const firstRun = indexRuns[0];
const storedCosines = firstRun && indexCpu ? matchedCosines(keyedVectors(firstRun.vectors), keyedVectors(indexCpu.vectors)) : [];
const bareSamples = sampleVectors(bare?.embeddings);
const bareCpuSamples = sampleVectors(bareCpu?.embeddings);
const bareCosines = bareSamples.flatMap((v, i) => (bareCpuSamples[i] ? [cosine(v, bareCpuSamples[i])] : []));
if (device !== 'cpu' && storedCosines.length === 0) failures.push('cosine: no GPU-vs-CPU pair of stored vectors');
const verdict = judgeRun({
  expectedProvider,
  productDevices: [...indexRuns, ...sweeps].map((r) => str(r.device)),
  placement,
  cosines: [...storedCosines.map((c) => c.cosine), ...bareCosines],
  failures,
});

const rates = indexRuns.map((r) => num(r.imagesPerSecond)).filter((v): v is number => v !== null);
const best = median(rates);
const perBatch = Array.isArray(bare?.perBatch) ? bare.perBatch : [];
const rows: TableRow[] = [
  ...perBatch.map((p: Json) => ({ label: `bare ORT ${expectedProvider} b${str(p.batchSize)}`, imagesPerSecond: num(p.imagesPerSecond), detail: `${num(p.msPerImage)?.toFixed(2)} ms/img` })),
  ...(bareCpu ? [{ label: 'bare ORT cpu b32', imagesPerSecond: num(bareCpu.best && typeof bareCpu.best === 'object' && 'imagesPerSecond' in bareCpu.best ? bareCpu.best.imagesPerSecond : null), detail: `${settings.cpuThreads} threads` }] : []),
  ...indexRuns.map((r, i) => ({
    label: `index ${device} #${i + 1}`,
    imagesPerSecond: num(r.imagesPerSecond),
    detail: `EP ${str(r.device)}, steady ${num(r.steadyImagesPerSecond)?.toFixed(1) ?? '-'}, ${num(r.images)} photos, ${num(r.cpuCores)?.toFixed(1)} cores, RSS ${Math.round(num(r.peakRssMiB) ?? 0)} MiB, load ${((num(r.loadMs) ?? 0) / 1000).toFixed(1)} s`,
  })),
  ...sweeps.map((r) => ({ label: `index ${device} b${str(r.batchSize)} d${str(r.decodeConcurrency)}`, imagesPerSecond: num(r.imagesPerSecond), detail: `EP ${str(r.device)}, steady ${num(r.steadyImagesPerSecond)?.toFixed(1) ?? '-'}` })),
  ...(indexCpu ? [{ label: 'index cpu', imagesPerSecond: num(indexCpu.imagesPerSecond), detail: `EP ${str(indexCpu.device)}, ${num(indexCpu.images)} photos, ${settings.cpuThreads} threads` }] : []),
  ...(prepare ? [{ label: `decode+prep d${settings.decodeConcurrency}`, imagesPerSecond: num(prepare.imagesPerSecond), detail: `no inference; ${num(prepare.cpuCores)?.toFixed(1)} cores busy` }] : []),
];
const minCos = (values: number[]): string => (values.length ? Math.min(...values).toFixed(6) : '-');
const footer = [
  `placement on ${expectedProvider}: ${placement ? Object.entries(placement.byProvider).map(([p, n]) => `${p} ${n}`).join(', ') : '-'}; on CPU: ${placement ? formatCpuOps(placement) : '-'}`,
  `cosine ${device} vs cpu: stored vectors min ${minCos(storedCosines.map((c) => c.cosine))} (${storedCosines.length} photos), bare session min ${minCos(bareCosines)} (${bareCosines.length})`,
  `index ${device} median ${best?.toFixed(1) ?? '-'} img/s; target >= 400 img/s on 12 MP JPEGs: ${best === null ? 'not measured' : best >= 400 ? 'met' : 'NOT met'}`,
  ...(notes.length ? [`not done (optional): ${notes.join('; ')}`] : []),
  `verdict: ${verdict.ok ? 'OK' : 'FAILED'}${verdict.problems.length ? `\n  - ${verdict.problems.join('\n  - ')}` : ''}`,
  `total ${((performance.now() - started) / 1000).toFixed(0)} s`,
];
const table = formatTable(`GPU indexing bench: ${machine.gpu}; ${machine.cpu}, ${cores} cores; ${settings.photos} x ${settings.copies} photos 12 MP`, rows, footer);
console.log(table);

const strip = (r: Json | null): Json | null => (r ? { ...r, vectors: undefined, embeddings: undefined } : null);
const results = {
  machine,
  settings,
  modelDir,
  verdict,
  notes,
  placement,
  cosines: { stored: storedCosines, bare: bareCosines },
  bare: strip(bare),
  bareCpu: strip(bareCpu),
  index: indexRuns.map(strip),
  indexCpu: strip(indexCpu),
  prepare,
  sweeps: sweeps.map(strip),
  table,
};
const resultsDir = join(CACHE_DIR, 'bench-results');
await mkdir(resultsDir, { recursive: true });
const file = join(resultsDir, `gpu-index-bench-${machine.date.replace(/[:.]/g, '-')}.json`);
await writeFile(file, JSON.stringify(results, null, 2));
log(`results: ${file}`);
const out = process.env.OUT;
if (out) {
  await writeFile(join(out, 'gpu-index-bench.json'), JSON.stringify(results, null, 2));
  await writeFile(join(out, 'placement.txt'), placementLog);
  log(`copied to ${out}`);
}
process.exitCode = verdict.ok ? 0 : 1;
