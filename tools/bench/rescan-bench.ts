/**
 * `npm run bench:rescan` (issue 14, goals 4 and 5): how long a user waits for `recollect index` over
 * a folder where nothing changed, and for `recollect search` / `status` against a warm library, each
 * as a process (spawn to exit), with the fixture model (models/fixtures/shapes-clip), or with
 * `--model bench` the ViT-B/32-sized benchmark model (bench-model.ts: ~600 MB of ONNX, built on
 * first use), or any model folder: what a model costs a command that has nothing to embed.
 *
 *   npm run bench:rescan -- [--files 20000] [--folders 40] [--repeats 5] [--profile]
 *                           [--model fixture|bench|DIR] [--baseline DIR] [--query "a red circle"]
 *                           [--fresh] [--keep] [--json]
 *
 * Generates the photos once (.cache/bench-rescan), indexes them once into a library under
 * /tmp/rescan-bench-library-* (kept and reused; --fresh: start empty), then times --repeats
 * rescans, searches and status calls (median). With
 * --baseline DIR (another checkout, e.g. `git archive main | tar -x -C DIR` plus a node_modules
 * link; repeatable, labelled by folder name) every timing runs on each, interleaved, so load from
 * other processes hits them alike.
 * --profile adds one `node --cpu-prof` run of each command, summarised, and the import time of
 * the heavy native packages. 100k is extrapolated linearly from the measured file count.
 * A script, not a test: numbers depend on the machine. Docs: docs/benchmarks.md.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './bench-report.js';
import { CACHE_DIR, REPO_ROOT } from './bench-paths.js';
import { runCli, type CliInvocation } from './cli-process.js';
import { formatProfile, summariseProfile } from './cpu-profile-summary.js';
import { timeImports, type ImportTime } from './import-time.js';
import { ensureRescanPhotos } from './rescan-photos.js';
import { ensureBenchModel } from './bench-model.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '20000' },
    folders: { type: 'string', default: '40' },
    repeats: { type: 'string', default: '5' },
    query: { type: 'string', default: 'a red circle' },
    model: { type: 'string', default: 'fixture' },
    baseline: { type: 'string', multiple: true },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const FILES = Number(values.files);
const FOLDERS = Number(values.folders);
const REPEATS = Number(values.repeats);
const log = (m: string): void => void process.stderr.write(`[rescan-bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const MODEL_DIR =
  values.model === 'fixture' ? join(REPO_ROOT, 'models/fixtures/shapes-clip') : values.model === 'bench' ? await ensureBenchModel({ log }) : resolve(values.model);
const MODEL_LABEL = values.model === 'fixture' ? 'fixture model shapes-clip' : values.model === 'bench' ? 'bench model (random-weight ViT-B/32, ~600 MB of ONNX)' : `model ${MODEL_DIR}`;
const HEAVY_PACKAGES = ['sharp', 'onnxruntime-node', 'better-sqlite3', 'sqlite-vec'];

interface Checkout {
  label: string;
  root: string;
}
const checkouts: Checkout[] = [{ label: 'this', root: REPO_ROOT }];
for (const dir of values.baseline ?? []) checkouts.push({ label: basename(resolve(dir)), root: resolve(dir) });

interface RescanReport {
  indexed: number;
  unchanged: number;
  moved: number;
  removed: number;
  seconds: number;
}
function isRescanReport(v: unknown): v is RescanReport {
  return typeof v === 'object' && v !== null && 'unchanged' in v && typeof v.unchanged === 'number' && 'seconds' in v && typeof v.seconds === 'number';
}
function parseReport(stdout: string): RescanReport {
  const parsed: unknown = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  if (!isRescanReport(parsed)) throw new Error(`index --json printed no report: ${stdout.slice(0, 200)}`);
  return parsed;
}

const work = await mkdtemp(join(os.tmpdir(), 'rescan-bench-'));
// Indexing 20,000 files once takes minutes on 2 vCPU: the library is kept beside the temp dirs
// and reused (the first index run then finds everything unchanged; a regenerated photo set has
// new mtimes, and that run re-indexes it). --fresh starts from an empty library.
// One library per model: another model would find every photo without a vector and embed them all.
const libraryDir = join(os.tmpdir(), `rescan-bench-library-${FILES}x${FOLDERS}${values.model === 'fixture' ? '' : `-${basename(MODEL_DIR)}`}`);
if (values.fresh) await rm(libraryDir, { recursive: true, force: true });
await mkdir(libraryDir, { recursive: true });
const library = join(libraryDir, 'library.db');
// A private config home: the bench never reads or writes the user's own app-data folder.
const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), RECOLLECT_DEVICE: 'cpu' };
const common = ['--library', library, '--model', MODEL_DIR];
const call = (c: Checkout, args: string[], nodeFlags?: string[]): CliInvocation => ({ root: c.root, args: [...args, ...common], env, nodeFlags });

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown CPU',
  cpus: os.cpus().length,
  node: process.version,
  date: new Date().toISOString(),
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
};
log(`machine: ${machine.cpu}, ${machine.cpus} vCPU, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);

const photos = await ensureRescanPhotos(FILES, FOLDERS, log);
// First call of each checkout builds its CLI bundle: not part of any timing.
for (const c of checkouts) await runCli(call(c, ['status']));
log(`indexing ${FILES} files once into ${library} (a reused library: a rescan)`);
const first = await runCli(call(checkouts[0] ?? { label: 'this', root: REPO_ROOT }, ['index', photos.dir, '--json']));
const initial = parseReport(first.stdout);
log(`indexed ${initial.indexed}, ${initial.unchanged} unchanged, in ${(first.ms / 1000).toFixed(1)} s`);
if (initial.indexed + initial.unchanged !== FILES) throw new Error(`expected ${FILES} photos, the index run reported ${JSON.stringify(initial)}`);

type Timings = Record<string, { rescan: number[]; inRun: number[]; search: number[]; status: number[] }>;
const timings: Timings = Object.fromEntries(checkouts.map((c) => [c.label, { rescan: [], inRun: [], search: [], status: [] }]));
for (let r = 0; r < REPEATS; r++) {
  log(`repeat ${r + 1}/${REPEATS}`);
  for (const c of checkouts) {
    const t = timings[c.label];
    if (!t) continue;
    const rescan = await runCli(call(c, ['index', photos.dir, '--json']));
    const report = parseReport(rescan.stdout);
    if (report.unchanged !== FILES || report.indexed + report.moved + report.removed !== 0) {
      throw new Error(`${c.label}: a rescan of unchanged files reported ${JSON.stringify(report)}`);
    }
    t.rescan.push(rescan.ms);
    t.inRun.push(report.seconds * 1000);
    t.search.push((await runCli(call(c, ['search', values.query, '--json']))).ms);
    t.status.push((await runCli(call(c, ['status', '--json']))).ms);
  }
}

const lines: string[] = [
  `Rescan / CLI start benchmark: ${machine.cpu}, ${machine.cpus} vCPU, Node ${machine.node}, ${machine.date.slice(0, 16)}Z, ` +
    `load average ${machine.loadAverage.join(' ')} at start, ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at end`,
  `${FILES} unchanged PNGs in ${FOLDERS} folders, ${MODEL_LABEL} on CPU; medians of ${REPEATS}, each a fresh process (spawn to exit)` +
    (checkouts.length > 1 ? '; checkouts interleaved' : ''),
  '',
];
const summary: Record<string, Record<string, number>> = {};
for (const c of checkouts) {
  const t = timings[c.label];
  if (!t) continue;
  const rescanMs = median(t.rescan);
  const per1000 = (rescanMs / FILES) * 1000;
  // Two extrapolations, both linear: the whole process times 100k/N (what the issue asks for; it
  // also multiplies the fixed start), and the fixed start plus the index run times 100k/N.
  const fixedMs = rescanMs - median(t.inRun);
  const scaledMs = fixedMs + median(t.inRun) * (100_000 / FILES);
  summary[c.label] = {
    rescanMs, inRunMs: median(t.inRun), per1000Ms: per1000, extrapolated100kMs: per1000 * 100, fixedMs, scaled100kMs: scaledMs,
    searchMs: median(t.search), statusMs: median(t.status),
  };
  lines.push(
    `[${c.label}] ${c.root}`,
    `  rescan ${FILES} files: ${(rescanMs / 1000).toFixed(2)} s median (runs ${t.rescan.map((v) => (v / 1000).toFixed(2)).join(' ')}); ` +
      `${per1000.toFixed(1)} ms per 1000 files; index run itself ${(median(t.inRun) / 1000).toFixed(2)} s (rest: process start, imports, model load, close)`,
    `  100,000 files EXTRAPOLATED linearly from ${FILES}: ${((per1000 * 100) / 1000).toFixed(2)} s for the whole process (goal <= 3 s); ` +
      `${(scaledMs / 1000).toFixed(2)} s as the fixed ${(fixedMs / 1000).toFixed(2)} s plus the index run scaled`,
    `  search "${values.query}": ${median(t.search).toFixed(0)} ms median (runs ${t.search.map((v) => v.toFixed(0)).join(' ')}) (goal <= 1000 ms)`,
    `  status: ${median(t.status).toFixed(0)} ms median (runs ${t.status.map((v) => v.toFixed(0)).join(' ')}) (goal <= 400 ms)`,
  );
}

let imports: ImportTime[] = [];
if (values.profile) {
  for (const c of checkouts) {
    for (const [name, args] of [['rescan', ['index', photos.dir, '--json']], ['search', ['search', values.query, '--json']], ['status', ['status', '--json']]] as const) {
      const dir = join(work, `prof-${c.label}-${name}`);
      await runCli(call(c, [...args], ['--cpu-prof', '--cpu-prof-dir', dir]));
      const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
      if (file) lines.push('', ...formatProfile(`[${c.label}] profile of one ${name}`, await summariseProfile(join(dir, file))));
    }
  }
  imports = await timeImports(REPO_ROOT, HEAVY_PACKAGES, REPEATS);
  lines.push('', `import time of each package alone, fresh process, median of ${REPEATS}: ${imports.map((i) => `${i.name} ${i.ms.toFixed(0)} ms`).join(', ')}`);
}

console.log(lines.join('\n'));
const resultsDir = join(CACHE_DIR, 'bench-results');
await mkdir(resultsDir, { recursive: true });
const resultFile = join(resultsDir, `rescan-bench-${machine.date.replace(/[:.]/g, '-')}.json`);
await writeFile(resultFile, JSON.stringify({ machine, files: FILES, folders: FOLDERS, repeats: REPEATS, checkouts, timings, summary, imports }, null, 2));
if (values.json) console.log(JSON.stringify({ machine, files: FILES, summary, imports }));
log(`raw results: ${resultFile}`);
if (values.keep) log(`profiles and config kept in ${work}`);
else await rm(work, { recursive: true, force: true });
