/** Turns the variants' raw results into the compact table index-bench.ts prints. */
import type { IdleCheck } from './cpu-idle.js';

export type VariantResult = Record<string, unknown>;

export interface BenchRun {
  ort: VariantResult;
  pipeline: VariantResult;
  peer: VariantResult;
}

export interface BenchSummaryInput {
  machine: { cpu: string; cpus: number; node: string; date: string; loadAverage: number[] };
  idle: IdleCheck;
  threads: number;
  photos: number;
  runs: BenchRun[];
  explore: VariantResult[];
}

function num(obj: unknown, ...keys: string[]): number {
  let cur: unknown = obj;
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- bench result objects are JSON our own variant scripts printed; walked key by key
  for (const k of keys) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
  return typeof cur === 'number' ? cur : Number.NaN;
}

export function median(values: number[]): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const f1 = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '-');
const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '-');
const sec = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '-');
const mib = (v: number): string => (Number.isFinite(v) ? `${Math.round(v)} MiB` : '-');

function perBatch(ort: VariantResult): { batchSize: number; imagesPerSecond: number }[] {
  const list = ort.perBatch;
  return Array.isArray(list) ? list.map((b: unknown) => ({ batchSize: num(b, 'batchSize'), imagesPerSecond: num(b, 'imagesPerSecond') })) : [];
}

/** Marks a run during which other processes used a noticeable share of the CPUs. */
function disturbed(v: VariantResult): string {
  const other = num(v, 'otherCores');
  return other > 0.1 ? `  [DISTURBED: other processes used ${f2(other)} cores]` : '';
}

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join('  ').trimEnd();
}

export function formatReport(input: BenchSummaryInput): string {
  const { machine, runs } = input;
  const lines: string[] = [];
  lines.push(
    `Indexing benchmark: ${machine.cpu}, ${machine.cpus} vCPU, Node ${machine.node}, ${machine.date.slice(0, 16)}Z`,
    `model: random-weight CLIP ViT-B/32 (fp32), ${input.photos} photos 4000x3000 JPEG q90, ORT intra-op threads ${input.threads}`,
    `CPU busy before start: ${input.idle.busyPercent ?? '?'}%${input.idle.waitedMs > 0 ? ` (waited ${sec(input.idle.waitedMs)})` : ''}; medians of ${runs.length} run(s)`,
    '',
  );
  if (runs.length > 0) lines.push(...formatMain(input));
  lines.push(...formatExplore(input.explore));
  return lines.join('\n');
}

function formatMain(input: BenchSummaryInput): string[] {
  const { runs } = input;
  const lines: string[] = [];
  const sizes = perBatch(runs[0]?.ort ?? {}).map((b) => b.batchSize);
  const bySize = sizes.map((bs) => `b${bs} ${f1(median(runs.map((r) => perBatch(r.ort).find((b) => b.batchSize === bs)?.imagesPerSecond ?? Number.NaN)))}`);
  lines.push(`(a) bare ORT images/s by batch size: ${bySize.join(' | ')}`);

  const a = runs.map((r) => num(r.ort, 'best', 'imagesPerSecond'));
  const b = runs.map((r) => num(r.pipeline, 'imagesPerSecond'));
  const c = runs.map((r) => num(r.peer, 'imagesPerSecond'));
  const widths = [40, 9, 22, 11, 10, 6, 10, 6];
  // images per CPU-second: less sensitive than images/s to other load on the machine.
  // other: cores used by other processes during the run (median); > 0.1 means a disturbed run.
  lines.push(row(['variant', 'images/s', 'runs', 'model load', 'peak RSS', 'cores', 'img/CPU-s', 'other'], widths));
  const bestSizes = [...new Set(runs.map((r) => num(r.ort, 'best', 'batchSize')))].join('/');
  const variants: [string, number[], VariantResult[], (v: VariantResult) => number][] = [
    [`(a) bare ORT session, best batch (${bestSizes})`, a, runs.map((r) => r.ort), (v) => num(v, 'best', 'cpuCores')],
    [`(b) recollect index (createCore, b${num(runs[0]?.pipeline, 'batchSize')})`, b, runs.map((r) => r.pipeline), (v) => num(v, 'cpuCores')],
    ['(c) transformers.js, one photo per call', c, runs.map((r) => r.peer), (v) => num(v, 'cpuCores')],
  ];
  for (const [name, rates, results, cores] of variants) {
    lines.push(row([
      name,
      f1(median(rates)),
      rates.map(f1).join(' '),
      sec(median(results.map((v) => num(v, 'loadMs')))),
      mib(median(results.map((v) => num(v, 'maxRssMiB')))),
      f2(median(results.map(cores))),
      f1(median(results.map((v, i) => (rates[i] ?? Number.NaN) / cores(v)))),
      f2(median(results.map((v) => num(v, 'otherCores')))),
    ], widths));
  }
  const ba = median(runs.map((_, i) => (b[i] ?? Number.NaN) / (a[i] ?? Number.NaN)));
  const bc = median(runs.map((_, i) => (b[i] ?? Number.NaN) / (c[i] ?? Number.NaN)));
  lines.push(
    '',
    `ratios (median of per-run ratios): (b)/(a) = ${f2(ba)} (target >= 0.75)   (b)/(c) = ${f2(bc)} (target >= 2.5)`,
  );
  const p = runs.map((r) => r.pipeline);
  const encodeShare = median(p.map((v) => num(v, 'encodeMs') / num(v, 'wallMs')));
  lines.push(
    `(b) detail: steady-state ${f1(median(p.map((v) => num(v, 'steadyImagesPerSecond'))))} images/s between first and last batch; ` +
      `first batch committed after ${sec(median(p.map((v) => num(v, 'firstBatchMs'))))}; inference busy ${Math.round(encodeShare * 100)}% of the wall time; ` +
      `preprocess ${Math.round(median(p.map((v) => num(v, 'preprocessMsPerImage'))))} ms/image latency`,
  );
  const ortOptions = runs[0]?.peer.ortOptions;
  if (ortOptions) lines.push(`(c) onnxruntime session options used by transformers.js: ${JSON.stringify(ortOptions)}`);
  return lines;
}

function formatExplore(explore: VariantResult[]): string[] {
  const lines: string[] = [];

  for (const e of explore) {
    if (e.variant === 'ort') {
      lines.push('', `bare ORT on ${num(e, 'threads')} thread(s), b${num(e, 'best', 'batchSize')}: ${f1(num(e, 'best', 'imagesPerSecond'))} images/s${disturbed(e)}`);
    }
    if (e.variant === 'stages') {
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- shape printed by variants/stages.ts in the same run
      const lat = e.latency as Record<string, number> | undefined;
      lines.push('', `stages alone (ms per image, one at a time, median):${disturbed(e)}`);
      if (lat) lines.push('  ' + Object.entries(lat).map(([k, v]) => `${k} ${f1(v)}`).join(' | '));
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- shape printed by variants/stages.ts in the same run
      const thr = e.decodeThroughput as Record<string, { imagesPerSecond: number; cpuCores: number }> | undefined;
      if (thr) lines.push('  decode+preprocess images/s: ' + Object.entries(thr).map(([k, v]) => `${k} ${f1(v.imagesPerSecond)} (${f2(v.cpuCores)} cores)`).join(' | '));
      lines.push(`  inference alone (encodeImages b${num(e, 'batchSize')}): ${f1(num(e, 'inference', 'imagesPerSecond'))} images/s; storage ${f2(num(e, 'storageMsPerImage'))} ms/image`);
    }
  }
  const sweep = explore.filter((e) => e.variant === 'pipeline');
  if (sweep.length > 0) {
    lines.push('', 'pipeline sweep (one run each): batch / decode concurrency -> images/s (steady), peak RSS');
    for (const s of sweep) {
      lines.push(`  b${num(s, 'batchSize')} / c${num(s, 'decodeConcurrency')} -> ${f1(num(s, 'imagesPerSecond'))} (${f1(num(s, 'steadyImagesPerSecond'))}), ${mib(num(s, 'maxRssMiB'))}${disturbed(s)}`);
    }
  }
  const labs = explore.filter((e) => e.variant === 'lab');
  if (labs.length > 0) {
    lines.push('', 'what-if on the product scheduler + preprocessing, no storage (pipeline-lab.ts, one run each):');
    for (const l of labs) {
      lines.push(`  ${String(l.label).padEnd(32)} ${f1(num(l, 'imagesPerSecond'))} images/s, inference busy ${Math.round(num(l, 'encodeShare') * 100)}%, ${f2(num(l, 'cpuCores'))} cores${disturbed(l)}`);
    }
  }
  return lines;
}
