/**
 * Album learning speed (issue 9): what a correction costs on a large library, measured on
 * synthetic clustered embeddings (real ones are clustered; random ones would flatter nothing here,
 * the work is the same dense arithmetic either way).
 *
 *   - probe training: 500 labels at 512-d (+ the 256 weak pseudo-labels the classifier adds)
 *   - re-scoring 100,000 photos: the zero-shot cosine pass and the learned logit pass
 *   - a new album's classifier (score, calibrate, exclusions, train, logits) over 100,000
 *   - a correction: the classifier rebuilt reusing the words' part (train + the learned pass)
 *
 * Run: npx tsx tools/bench/album-bench.ts [--photos 100000] [--labels 500] [--dim 512] [--runs 7]
 * Prints one JSON line (medians and all runs, milliseconds).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { AlbumClassifier } from '../../electron/core/albums/album-classifier.js';
import { LibraryMatrix } from '../../electron/core/albums/library-matrix.js';
import { trainProbe, type ProbeExample } from '../../electron/core/albums/linear-probe.js';
import { normalizeInPlace, scoreRows } from '../../electron/core/albums/vector-ops.js';
import { busyPercent } from './cpu-idle.js';

const { values } = parseArgs({
  options: {
    photos: { type: 'string', default: '100000' },
    labels: { type: 'string', default: '500' },
    dim: { type: 'string', default: '512' },
    runs: { type: 'string', default: '7' },
    clusters: { type: 'string', default: '64' },
  },
});
const N = Number(values.photos);
const LABELS = Number(values.labels);
const D = Number(values.dim);
const RUNS = Number(values.runs);
const CLUSTERS = Number(values.clusters);

/** Deterministic normal deviates (Box-Muller over a small LCG): the same library every run. */
let seed = 12345;
function uniform(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return (seed + 0.5) / 4294967296;
}
function normal(): number {
  return Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function unitVector(): Float32Array {
  const v = new Float32Array(D);
  for (let i = 0; i < D; i++) v[i] = normal();
  return normalizeInPlace(v);
}

/** N unit vectors around CLUSTERS centres (cosine to the centre ~0.7, like photos of one subject). */
function clusteredLibrary(): { matrix: Float32Array; cluster: Int32Array; centres: Float32Array[] } {
  const centres = Array.from({ length: CLUSTERS }, unitVector);
  const matrix = new Float32Array(N * D);
  const cluster = new Int32Array(N);
  const spread = 0.9 / Math.sqrt(D);
  for (let r = 0; r < N; r++) {
    const c = r % CLUSTERS;
    cluster[r] = c;
    const centre = centres[c] ?? centres[0] ?? new Float32Array(D);
    const row = matrix.subarray(r * D, (r + 1) * D);
    for (let i = 0; i < D; i++) row[i] = (centre[i] ?? 0) + spread * normal();
    normalizeInPlace(row);
  }
  return { matrix, cluster, centres };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

function time(run: () => void): number[] {
  run(); // warm-up: JIT, page faults
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const busyBefore = await busyPercent(1500);
  const { matrix, cluster, centres } = clusteredLibrary();
  const ids = Int32Array.from({ length: N }, (_, r) => r + 1);
  const library = LibraryMatrix.fromArrays(ids, matrix, D);
  // The album is cluster 0, described by words that point near its centre.
  const text = unitVector();
  const centre = centres[0] ?? text;
  for (let i = 0; i < D; i++) text[i] = 0.35 * (text[i] ?? 0) + (centre[i] ?? 0);
  normalizeInPlace(text);
  const inAlbum: number[] = [];
  const outside: number[] = [];
  for (let r = 0; r < N; r++) (cluster[r] === 0 ? inAlbum : outside).push(r);
  const labels = [
    ...inAlbum.slice(0, LABELS / 2).map((row) => ({ row, label: 1 as const })),
    ...outside.slice(0, LABELS / 2).map((row) => ({ row, label: -1 as const })),
  ];

  const examples: ProbeExample[] = labels.map((l) => ({ x: library.vector(l.row), y: l.label, c: 1 }));
  for (let k = 0; k < 256; k++) examples.push({ x: library.vector((k * 389) % N), y: -1, c: 2 / 256 });
  const prior = { w0: text.map((v) => v * 100), b0: -100 * 0.3, lambda: 0.001, lambdaBias: 0.01 };
  let iterations = 0;
  const train = time(() => {
    iterations = trainProbe(examples, prior).iterations;
  });

  const probe = trainProbe(examples, prior);
  const zeroShot = time(() => {
    scoreRows(library.matrix, library.rows, text);
  });
  const learned = time(() => {
    scoreRows(library.matrix, library.rows, probe.w, probe.b);
  });

  const input = { text: { vector: text, perPrompt: [text] }, exclusions: [], matrix: library, labels };
  let members = 0;
  const fresh = time(() => {
    const c = new AlbumClassifier(input);
    members = 0;
    for (let r = 0; r < N; r++) if (c.isMember(r)) members++;
  });
  // What the engine does after a correction: the words' part of the previous classifier is reused.
  const previous = new AlbumClassifier({ ...input, labels: labels.slice(1) });
  const correction = time(() => {
    const c = new AlbumClassifier({ ...input, reuse: previous });
    members = 0;
    for (let r = 0; r < N; r++) if (c.isMember(r)) members++;
  });

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    JSON.stringify({
      machine: `${cpu}, ${os.cpus().length} vCPU, Node ${process.version}`,
      busyPercentBefore: busyBefore,
      photos: N,
      dim: D,
      labels: LABELS,
      runs: RUNS,
      probeTrainMs: { median: median(train), runs: train, lbfgsIterations: iterations, examples: examples.length },
      rescoreZeroShotMs: { median: median(zeroShot), runs: zeroShot },
      rescoreLearnedMs: { median: median(learned), runs: learned },
      newAlbumClassifierMs: { median: median(fresh), runs: fresh },
      correctionMs: { median: median(correction), runs: correction, members, albumSize: inAlbum.length },
    }),
  );
}

await main();
