/**
 * Near-duplicate search on synthetic CLIP-like vectors (a shared cone plus noise, 1 in 10 photos
 * with a perturbed copy): time and recall of the LSH finder against comparing every pair.
 * `npx tsx tools/bench/duplicates-bench.ts [photos=10000] [dim=512]`
 */
import { LibraryMatrix } from '../../electron/core/albums/library-matrix.js';
import { findNearPairs } from '../../electron/core/duplicates/near-pairs.js';

const n = Number(process.argv[2] ?? 10_000);
const dim = Number(process.argv[3] ?? 512);
let seed = 42;
const random = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296 - 0.5;
};
const normalise = (v: Float32Array): Float32Array => {
  const len = Math.hypot(...v);
  return v.map((x) => x / len);
};
const cone = normalise(Float32Array.from({ length: dim }, random));
const rows: Float32Array[] = [];
// Noise 0.05 per dimension around a 0.7 cone: unrelated pairs near cosine 0.5, as CLIP photo vectors.
for (let i = 0; i < n; i++) rows.push(normalise(Float32Array.from({ length: dim }, (_, k) => (cone[k] ?? 0) * 0.7 + random() * 0.11)));
const copies = Math.floor(n / 10);
for (let i = 0; i < copies; i++) rows.push(normalise(Float32Array.from(rows[i * 10] ?? [], (x) => x + random() * 0.01)));
const matrix = new Float32Array(rows.length * dim);
rows.forEach((r, i) => matrix.set(r, i * dim));
const m = LibraryMatrix.fromArrays(Int32Array.from(rows, (_, i) => i + 1), matrix, dim);

let t = performance.now();
const pairs = findNearPairs(m, { threshold: 0.97 });
const lshMs = performance.now() - t;
const found = new Set(pairs.map((p) => `${p.a}-${p.b}`));
let hit = 0;
for (let i = 0; i < copies; i++) if (found.has(`${i * 10}-${n + i}`)) hit++;
const sample = m.vector(1);
let randomCos = 0;
for (let r = 2; r < 200; r++) randomCos += m.vector(r).reduce((s, x, k) => s + x * (sample[k] ?? 0), 0) / 198;
t = performance.now();
// All pairs of the first 1,000 rows, scaled to the whole library (N^2 / 2 dot products).
let dots = 0;
for (let a = 0; a < 1000; a++) for (let b = a + 1; b < 1000; b++) {
  const va = m.vector(a);
  const vb = m.vector(b);
  let s = 0;
  for (let k = 0; k < dim; k++) s += (va[k] ?? 0) * (vb[k] ?? 0);
  dots += s > 2 ? 1 : 0;
}
const bruteMs = ((performance.now() - t) * (m.rows * m.rows)) / (1000 * 1000) + dots;
console.log(JSON.stringify({ photos: m.rows, dim, meanRandomCosine: +randomCos.toFixed(3), lshMs: Math.round(lshMs), pairs: pairs.length, recall: +(hit / copies).toFixed(4), allPairsMsEstimate: Math.round(bruteMs) }));
