/**
 * `npm run bench`: indexing throughput on a full-size CLIP ViT-B/32 (random weights, real shapes)
 * and 12 MP JPEGs, in one run, three ways:
 *   (a) bare onnxruntime-node session on preprocessed tensors (the ceiling), batch 1/8/16/32;
 *   (b) Recollect's own pipeline, createCore().index() on a fresh library (decode + preprocess +
 *       embed + store), model load timed separately;
 *   (c) the obvious transformers.js code, one photo at a time (the peer baseline).
 * Each variant runs in its own child process (clean peak-memory numbers, no shared runtime
 * state); the variants are interleaved per repeat so drift in machine load hits all of them,
 * and medians are reported. Results go to .cache/bench-results/*.json too.
 *
 *   npm run bench -- [--repeats 3] [--photos 64] [--threads 2] [--explore] [--wait-idle]
 *   --repeats 0 --explore: only the exploration
 *   --explore  also times each stage alone, sweeps batch size / decode concurrency, and runs
 *              pipeline-lab.ts what-ifs (ORT thread spinning, JPEG shrink-on-load)
 *
 * A script, not a test: numbers depend on the machine. Docs: docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { BENCH_MODEL_DIR, checkBenchModel, ensureBenchModel } from './bench-model.js';
import { BENCH_PHOTOS_DIR, ensureBenchPhotos } from './bench-photos.js';
import { BENCH_ROOT, CACHE_DIR, REPO_ROOT } from './bench-paths.js';
import { formatReport, type BenchRun } from './bench-report.js';
import { RESULT_PREFIX } from './variants/variant-result.js';
import { busyCores, cpuTimes, waitForIdle } from './cpu-idle.js';

function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}
function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number >= 0`);
  return value;
}

const repeats = option('repeats', 3);
const photoCount = option('photos', 64);
const threads = option('threads', 2);
const log = (m: string): void => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

/**
 * Runs one variant script in a child Node (tsx loader) and returns its BENCH_RESULT object, plus
 * `otherCores`: CPU used by OTHER processes while it ran (machine busy time minus the child's
 * own CPU time), so a run disturbed by someone else's work is visible in the report.
 */
async function runVariant(script: string, args: string[]): Promise<Record<string, unknown>> {
  const before = await cpuTimes();
  const started = performance.now();
  const result = await runChild(script, args);
  const wallMs = performance.now() - started;
  const machineCores = busyCores(before, await cpuTimes(), os.cpus().length);
  const own = typeof result.processCpuMs === 'number' ? result.processCpuMs / wallMs : Number.NaN;
  const otherCores = machineCores === null ? null : Math.max(0, Math.round((machineCores - own) * 100) / 100);
  if (otherCores !== null && otherCores > 0.15) log(`  note: other processes used ${otherCores} cores during ${script}`);
  return { ...result, otherCores };
}

function runChild(script: string, args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_ROOT, 'variants', script), ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`${script} ${args.join(' ')} exited with ${code}\n${out.slice(-2000)}`));
        return;
      }
      const parsed: unknown = JSON.parse(line.slice(RESULT_PREFIX.length));
      if (typeof parsed !== 'object' || parsed === null) throw new Error(`${script}: bad result line`);
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- checked to be a non-null object just above; fields are read with num() guards
      resolve(parsed as Record<string, unknown>);
    });
  });
}

async function cpuModel(): Promise<string> {
  const info = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
}

const modelDir = await ensureBenchModel({ log });
const photosDir = await ensureBenchPhotos(photoCount, log);
const check = await checkBenchModel(modelDir);
log(`model OK through loadClipModel (${check.dim}-d embedding, load ${Math.round(check.loadMs)} ms)`);

const machine = {
  cpu: await cpuModel(),
  cpus: os.cpus().length,
  node: process.version,
  date: new Date().toISOString(),
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
};
log(`machine: ${machine.cpu}, ${machine.cpus} vCPU, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);
const idle = await waitForIdle({ log, waitMs: flag('wait-idle') ? 15 * 60_000 : 0 });

const common = ['--model', modelDir, '--threads', String(threads)];
const runs: BenchRun[] = [];
for (let r = 0; r < repeats; r++) {
  log(`repeat ${r + 1}/${repeats}: (a) bare ORT`);
  const ort = await runVariant('ort-bare.ts', [...common, '--images', String(photoCount), '--batch-sizes', '1,8,16,32']);
  log(`repeat ${r + 1}/${repeats}: (b) recollect pipeline`);
  const pipeline = await runVariant('pipeline.ts', [...common, '--photos', photosDir]);
  log(`repeat ${r + 1}/${repeats}: (c) transformers.js`);
  const peer = await runVariant('transformers-js.ts', ['--model', modelDir, '--photos', photosDir]);
  runs.push({ ort, pipeline, peer });
}

const explore: Record<string, unknown>[] = [];
if (flag('explore')) {
  log('explore: bare ORT on 1 thread (how well inference scales to the 2nd core)');
  explore.push(await runVariant('ort-bare.ts', ['--model', modelDir, '--threads', '1', '--images', String(photoCount), '--batch-sizes', '16']));
  log('explore: pipeline stages alone');
  explore.push(await runVariant('stages.ts', [...common, '--photos', photosDir, '--batch-size', '16']));
  for (const [batch, concurrency] of [[8, 3], [32, 3], [16, 1], [16, 2], [16, 4]] as const) {
    log(`explore: pipeline batch ${batch}, decode concurrency ${concurrency}`);
    explore.push(await runVariant('pipeline.ts', [...common, '--photos', photosDir, '--batch-size', String(batch), '--decode-concurrency', String(concurrency)]));
  }
  // One knob at a time on the product's scheduler + preprocessing (pipeline-lab.ts).
  const labs: [string, string[]][] = [
    ['as shipped', []],
    ['ORT spinning off', ['--spinning', '0']],
    ['JPEG shrink-on-load', ['--shrink-on-load', '1']],
    ['shrink-on-load + spinning off', ['--shrink-on-load', '1', '--spinning', '0']],
  ];
  for (const [label, args] of labs) {
    log(`explore: lab, ${label}`);
    explore.push({ label, ...(await runVariant('pipeline-lab.ts', [...common, '--photos', photosDir, ...args])) });
  }
}

const report = formatReport({ machine, idle, threads, photos: photoCount, runs, explore });
console.log(report);
const resultsDir = join(CACHE_DIR, 'bench-results');
await mkdir(resultsDir, { recursive: true });
const file = join(resultsDir, `index-bench-${machine.date.replace(/[:.]/g, '-')}.json`);
await writeFile(file, JSON.stringify({ machine, idle, threads, photos: photoCount, modelDir: BENCH_MODEL_DIR, photosDir: BENCH_PHOTOS_DIR, runs, explore }, null, 2));
log(`raw results: ${file}`);
