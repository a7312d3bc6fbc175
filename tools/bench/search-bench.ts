/**
 * Search at scale (issue 14): KNN + relevance cut-off through the product's path (SearchService
 * with its SearchAccelerator) on synthetic 100k and 1M libraries, filter none / folder / date,
 * p50 / p95, recall@20 against exact search; vec0 (the old path) and the accelerator candidates
 * side by side; the first query of a fresh process and the memory the index adds; folder grid pages.
 *
 *   npm run bench:search [-- --photos 100000] [-- --kinds clustered] [-- --queries 40] [-- --json]
 *
 * Libraries are built once through the real stores into .cache/bench-search (1M: a few minutes,
 * progress on stderr) and reused. `--json` prints { runs: [{ photos, kind, filter, p50_ms, p95_ms,
 * recall20, ... }], candidates: [...], cold: [...], pages: [...] }.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LibraryScope } from '../../electron/core/library-scope.js';
import { SearchAccelerator } from '../../electron/core/search/accel/search-accelerator.js';
import { VectorIndex } from '../../electron/core/search/accel/vector-index.js';
import { SearchService, type SearchOptions } from '../../electron/core/search/search-service.js';
import { BENCH_ROOT } from './bench-paths.js';
import { binaryPrefilter, exactScores, int8Js, int8Wasm, recall, topOf, type CandidateLibrary, type TopFn } from './search-candidates.js';
import { ensureLibrary, FIRST_YEAR, libraryFile, MODEL, photoPath, type VectorKind } from './search-library.js';
import { queryVectors, textModelFor } from './search-queries.js';

const { values } = parseArgs({
  options: {
    photos: { type: 'string', default: '1000000' },
    kinds: { type: 'string', default: 'clustered,random' },
    queries: { type: 'string', default: '40' },
    'candidates-max': { type: 'string', default: '100000' },
    json: { type: 'boolean', default: false },
  },
});
const SIZES = [100_000, 1_000_000].filter((n) => n <= Number(values.photos));
if (SIZES.length === 0) SIZES.push(Number(values.photos));
const KINDS = values.kinds.split(',').filter((k): k is VectorKind => k === 'clustered' || k === 'random');
const QUERIES = Number(values.queries);
const log = (line: string) => process.stderr.write(`${line}\n`);

type FilterName = 'none' | 'folder' | 'date';
const FOLDER_YEAR = 2019;
const DATE = { after: Date.UTC(2015, 0, 1), before: Date.UTC(2016, 0, 1) };
const FILTERS: Record<FilterName, SearchOptions> = {
  none: {},
  folder: { folder: `/bench/${FOLDER_YEAR}` },
  date: DATE,
};

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] ?? Number.NaN;
}

/** The library as the ground truth sees it: every vector in memory (2 GB at 1M; the bench only). */
function loadAll(scope: LibraryScope): CandidateLibrary & { keep: Record<FilterName, Uint8Array> } {
  const snapshot = scope.vectorsFor(MODEL).snapshot();
  const n = snapshot.count();
  const ids = new Int32Array(n);
  const floats = new Float32Array(n * MODEL.dim);
  let r = 0;
  snapshot.readAll((id, v) => {
    ids[r] = id;
    floats.set(v, r * MODEL.dim);
    r++;
  });
  const keep = { none: new Uint8Array(n).fill(1), folder: new Uint8Array(n), date: new Uint8Array(n) };
  ids.forEach((id, row) => {
    // Photo ids are 1.. in build order (a fresh library), so photo id - 1 is its build index.
    const { path: p, takenAt } = photoPath(id - 1);
    keep.folder[row] = p.startsWith(`/bench/${FOLDER_YEAR}/`) ? 1 : 0;
    keep.date[row] = takenAt >= DATE.after && takenAt < DATE.before ? 1 : 0;
  });
  return { ids, floats, dim: MODEL.dim, keep };
}

interface Run {
  photos: number;
  kind: VectorKind;
  filter: FilterName;
  p50_ms: number;
  p95_ms: number;
  recall20: number;
  vec0_p50_ms: number;
}

async function timeService(service: SearchService, filter: SearchOptions, count: number, truth: number[][] | null): Promise<{ times: number[]; recall: number }> {
  const times: number[] = [];
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const result = await service.searchText(`q${i}`, { k: 20, all: true, ...filter });
    times.push(performance.now() - t);
    if (truth) sum += recall(result.hits.map((h) => h.photo.id), truth[i] ?? []);
  }
  return { times, recall: truth ? sum / count : Number.NaN };
}

function timeCandidate(fn: TopFn, queries: Float32Array[], truth: number[][]): { p50_ms: number; recall20: number } {
  const times: number[] = [];
  let sum = 0;
  queries.forEach((q, i) => {
    const t = performance.now();
    const got = fn(q, 20);
    times.push(performance.now() - t);
    sum += recall(got, truth[i] ?? []);
  });
  return { p50_ms: pct(times, 0.5), recall20: sum / queries.length };
}

function pages(scope: LibraryScope, photos: number): Record<string, number> {
  const time = (fn: () => unknown) => {
    fn();
    const t: number[] = [];
    for (let i = 0; i < 9; i++) {
      const a = performance.now();
      fn();
      t.push(performance.now() - a);
    }
    return pct(t, 0.5);
  };
  const folder = `/bench/${FOLDER_YEAR}`;
  return {
    photos,
    all_first_ms: time(() => scope.photos.page(0, 60)),
    folder_first_ms: time(() => scope.photos.page(0, 60, folder)),
    folder_deep_ms: time(() => scope.photos.page(Math.floor(photos / 15 / 2), 60, folder)),
    // One event folder: ~1/1,500 of the library, the case an ordered index over all photos scans for.
    small_folder_first_ms: time(() => scope.photos.page(0, 60, `${folder}/event-007`)),
  };
}

/** A fresh process: without the cache file (rebuild from SQLite), then twice with it (the first writes it). */
function cold(kind: VectorKind, photos: number): Record<string, unknown>[] {
  const cacheFile = `${libraryFile(kind, photos)}.search-index`;
  fs.rmSync(cacheFile, { force: true });
  const once = (label: string, withFile: boolean) => {
    const args = [path.join(BENCH_ROOT, 'search-cold.ts'), libraryFile(kind, photos), kind, '11', ...(withFile ? [cacheFile] : [])];
    const out = execFileSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const parsed: unknown = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    return { photos, kind, start: label, ...(typeof parsed === 'object' && parsed !== null ? parsed : {}) };
  };
  return [once('no cache file', false), once('writes cache file', true), once('reads cache file', true)];
}

async function main(): Promise<void> {
  const runs: Run[] = [];
  const candidates: Record<string, unknown>[] = [];
  const colds: Record<string, unknown>[] = [];
  const pageRuns: Record<string, number>[] = [];
  for (const photos of SIZES) {
    for (const kind of KINDS) {
      const scope = ensureLibrary(kind, photos, log);
      log(`${kind} ${photos}: cold process`);
      colds.push(...cold(kind, photos));
      log(`${kind} ${photos}: loading vectors for exact search`);
      const lib = loadAll(scope);
      const queries = queryVectors(kind, QUERIES);
      const scores = new Float32Array(lib.ids.length);
      const exactTimes: number[] = [];
      const truth: Record<FilterName, number[][]> = { none: [], folder: [], date: [] };
      queries.forEach((q) => {
        const t = performance.now();
        exactScores(lib, q, scores);
        exactTimes.push(performance.now() - t);
        for (const f of ['none', 'folder', 'date'] as const) truth[f].push(topOf(scores, lib.ids, 20, (r) => lib.keep[f][r] === 1));
      });
      const vectors = scope.vectorsFor(MODEL);
      const accel = new SearchAccelerator(vectors, vectors.snapshot());
      const model = textModelFor(queries);
      const fast = new SearchService(model, scope.photos, vectors, accel);
      const slow = new SearchService(model, scope.photos, vectors);
      log(`${kind} ${photos}: product path`);
      await fast.searchText('q0', { k: 20 });
      for (const f of ['none', 'folder', 'date'] as const) {
        const product = await timeService(fast, FILTERS[f], QUERIES, truth[f]);
        const vec0 = await timeService(slow, FILTERS[f], photos >= 1_000_000 ? 3 : 8, null);
        runs.push({ photos, kind, filter: f, p50_ms: pct(product.times, 0.5), p95_ms: pct(product.times, 0.95), recall20: product.recall, vec0_p50_ms: pct(vec0.times, 0.5) });
        log(JSON.stringify(runs[runs.length - 1]));
      }
      const few = queries.slice(0, 10);
      const row: Record<string, unknown> = { photos, kind, a_exact_float_js_ms: pct(exactTimes, 0.5) };
      if (photos <= Number(values['candidates-max'])) {
        log(`${kind} ${photos}: candidates`);
        const index = new VectorIndex(lib.dim, lib.ids.length, false);
        lib.ids.forEach((id, r) => index.upsert(id, lib.floats.subarray(r * lib.dim, (r + 1) * lib.dim), { folder: '', takenAt: 0 }));
        const fns: [string, TopFn][] = [
          ['b_int8_wasm', int8Wasm(lib, index)],
          ['b2_int8_js', int8Js(lib)],
          ['c_binary_js', binaryPrefilter(lib)],
        ];
        for (const [name, fn] of fns) {
          const r = timeCandidate(fn, few, truth.none.slice(0, 10));
          row[`${name}_ms`] = r.p50_ms;
          row[`${name}_recall20`] = r.recall20;
        }
      }
      candidates.push(row);
      log(JSON.stringify(row));
      pageRuns.push(pages(scope, photos));
      scope.close();
    }
  }
  const machine = { cpu: os.cpus()[0]?.model ?? '?', cpus: os.cpus().length, node: process.version, load: os.loadavg().map((l) => Math.round(l * 10) / 10) };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ runs, candidates, cold: colds, pages: pageRuns, machine })}\n`);
    return;
  }
  const f1 = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(1) : '-');
  const f3 = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '-');
  process.stdout.write(`machine: ${machine.cpu}, ${machine.cpus} CPUs, Node ${machine.node}, load ${machine.load.join(' ')}\n\n`);
  process.stdout.write('| photos | vectors | filter | p50 ms | p95 ms | recall@20 | vec0 p50 ms |\n|---|---|---|---|---|---|---|\n');
  for (const r of runs) process.stdout.write(`| ${r.photos} | ${r.kind} | ${r.filter} | ${f1(r.p50_ms)} | ${f1(r.p95_ms)} | ${f3(r.recall20)} | ${f1(r.vec0_p50_ms)} |\n`);
  process.stdout.write('\n| photos | vectors | (a) float JS ms | (b) int8 WASM ms / recall | (b\') int8 JS ms / recall | (c) binary JS ms / recall |\n|---|---|---|---|---|---|\n');
  for (const c of candidates) {
    process.stdout.write(
      `| ${String(c.photos)} | ${String(c.kind)} | ${f1(c.a_exact_float_js_ms)} | ${f1(c.b_int8_wasm_ms)} / ${f3(c.b_int8_wasm_recall20)} | ${f1(c.b2_int8_js_ms)} / ${f3(c.b2_int8_js_recall20)} | ${f1(c.c_binary_js_ms)} / ${f3(c.c_binary_js_recall20)} |\n`,
    );
  }
  process.stdout.write('\n| photos | vectors | process start | index from | first query ms | warm p50 ms | RSS before / after MiB | anon before / after MiB | mapped file after MiB |\n|---|---|---|---|---|---|---|---|---|\n');
  for (const c of colds) process.stdout.write(`| ${String(c.photos)} | ${String(c.kind)} | ${String(c.start)} | ${String(c.source)} | ${f1(c.first_ms)} | ${f1(c.warm_p50_ms)} | ${f1(c.rss_before_mib)} / ${f1(c.rss_after_mib)} | ${f1(c.anon_before_mib)} / ${f1(c.anon_after_mib)} | ${f1(c.file_after_mib)} |\n`);
  process.stdout.write('\n| photos | grid page 1 ms | folder page 1 ms | folder deep page ms | small folder page 1 ms |\n|---|---|---|---|---|\n');
  for (const p of pageRuns) process.stdout.write(`| ${p.photos} | ${f1(p.all_first_ms)} | ${f1(p.folder_first_ms)} | ${f1(p.folder_deep_ms)} | ${f1(p.small_folder_first_ms)} |\n`);
  process.stdout.write(`\n(first year ${FIRST_YEAR}; folder filter /bench/${FOLDER_YEAR}, date filter 2015: ~1/15 of the library each)\n`);
}

await main();
