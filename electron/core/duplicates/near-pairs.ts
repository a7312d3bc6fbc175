/**
 * Pairs of photos whose vectors are near-identical (cosine >= threshold), without comparing every
 * pair: random-hyperplane LSH (SimHash, Charikar 2002) over vectors centred on the library mean,
 * then an exact cosine check of each candidate pair. CLIP vectors of photos sit in a narrow cone
 * (unrelated photos ~0.5 cosine), so uncentred hyperplanes would put most photos in one bucket;
 * centred, a pair at cosine 0.97 is ~0.94 (angle ~20 deg): a bit agrees with p = 0.89, a 12-bit
 * key with 0.24, and 16 tables find the pair with 1 - 0.76^16 = 0.99. Unrelated pairs (~90 deg)
 * share a key with p = 1/4096 per table: ~N^2/512 candidate checks, against N^2/2 for all pairs.
 * Deterministic: the hyperplanes come from a fixed seed. Pure: no I/O.
 */
import type { LibraryMatrix } from '../albums/library-matrix.js';

export interface NearPair {
  /** Matrix rows, a < b. */
  a: number;
  b: number;
  score: number;
}

export interface NearPairOptions {
  threshold: number;
  /** Hash tables (recall) and bits per key (selectivity); see the header for the numbers. */
  tables?: number;
  bits?: number;
  seed?: number;
  /** Rows of one bucket checked against each other at most this far apart (a degenerate bucket stays bounded). */
  bucketWindow?: number;
}

/** mulberry32: a small seeded PRNG, so the same library always gives the same groups. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Very sparse random hyperplanes (Li, Hastie & Church 2006): each has NONZEROS entries of +-1
 * instead of `dim` Gaussian ones, which keeps the angle-preserving property and makes hashing
 * 16x cheaper at 512 dims (measured: 10k x 512 hashed in ~7 s with dense planes on this 2-vCPU
 * machine, a fraction of that sparse; tools/bench/duplicates-bench.ts).
 */
const NONZEROS = 32;

interface SparsePlanes {
  index: Int32Array;
  sign: Float32Array;
}

function sparsePlanes(count: number, dim: number, seed: number): SparsePlanes {
  const random = seededRandom(seed);
  const nz = Math.min(NONZEROS, dim);
  const index = new Int32Array(count * nz);
  const sign = new Float32Array(count * nz);
  for (let i = 0; i < index.length; i++) {
    index[i] = Math.floor(random() * dim);
    sign[i] = random() < 0.5 ? -1 : 1;
  }
  return { index, sign };
}

function project(values: Float32Array, offset: number, planes: SparsePlanes, plane: number, nz: number): number {
  let s = 0;
  for (let k = plane * nz, end = k + nz; k < end; k++) s += (planes.sign[k] ?? 0) * (values[offset + (planes.index[k] ?? 0)] ?? 0);
  return s;
}

function dot(m: Float32Array, i: number, n: Float32Array, j: number, dim: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += (m[i + k] ?? 0) * (n[j + k] ?? 0);
  return s;
}

function meanVector(matrix: LibraryMatrix): Float32Array {
  const { dim, rows } = matrix;
  const mean = new Float32Array(dim);
  for (let r = 0; r < rows; r++) {
    const off = r * dim;
    for (let k = 0; k < dim; k++) mean[k] = (mean[k] ?? 0) + (matrix.matrix[off + k] ?? 0);
  }
  for (let k = 0; k < dim; k++) mean[k] = (mean[k] ?? 0) / Math.max(1, rows);
  return mean;
}

/** One key per table for every row. */
function hashRows(matrix: LibraryMatrix, tables: number, bits: number, seed: number): Int32Array {
  const { dim, rows } = matrix;
  const count = tables * bits;
  const nz = Math.min(NONZEROS, dim);
  const planes = sparsePlanes(count, dim, seed);
  const mean = meanVector(matrix);
  const offsets = new Float32Array(count);
  for (let p = 0; p < count; p++) offsets[p] = project(mean, 0, planes, p, nz);
  const keys = new Int32Array(rows * tables);
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < tables; t++) {
      let key = 0;
      for (let b = 0; b < bits; b++) {
        const p = t * bits + b;
        if (project(matrix.matrix, r * dim, planes, p, nz) > (offsets[p] ?? 0)) key |= 1 << b;
      }
      keys[r * tables + t] = key;
    }
  }
  return keys;
}

export function findNearPairs(matrix: LibraryMatrix, options: NearPairOptions): NearPair[] {
  const { threshold, tables = 16, bits = 12, seed = 0x5eed, bucketWindow = 256 } = options;
  const { dim, rows } = matrix;
  if (rows < 2) return [];
  const keys = hashRows(matrix, tables, bits, seed);
  const seen = new Set<number>();
  const pairs: NearPair[] = [];
  for (let t = 0; t < tables; t++) {
    const buckets = new Map<number, number[]>();
    for (let r = 0; r < rows; r++) {
      const key = keys[r * tables + t] ?? 0;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(r);
      else buckets.set(key, [r]);
    }
    for (const bucket of buckets.values()) {
      for (let i = 0; i < bucket.length; i++) {
        const a = bucket[i] ?? 0;
        for (let j = i + 1; j < bucket.length && j - i <= bucketWindow; j++) {
          const b = bucket[j] ?? 0;
          const id = a * rows + b;
          if (seen.has(id)) continue;
          seen.add(id);
          const score = dot(matrix.matrix, a * dim, matrix.matrix, b * dim, dim);
          if (score >= threshold) pairs.push({ a, b, score });
        }
      }
    }
  }
  return pairs;
}
