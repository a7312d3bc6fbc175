/**
 * The accelerator candidates of issue 14, side by side over the same in-memory library: each
 * answers "top 20 for this query" and is timed and checked against exact search. Only (b) ships
 * (electron/core/search/accel/); the others stay here so the comparison can be rerun.
 *   (a) exact float32 scan, JavaScript loop unrolled x4 (also the ground truth)
 *   (b) int8 codes scanned by the WebAssembly SIMD kernel + float32 rescoring (the product's VectorIndex)
 *   (b') the same int8 codes scanned by a JavaScript loop (what (b) costs without SIMD)
 *   (c) binary sign codes (popcount over Uint32Array) prefilter, top 2,000 rescored in float32
 */
import { TopK } from '../../electron/core/search/accel/top-k.js';
import type { VectorIndex } from '../../electron/core/search/accel/vector-index.js';

export interface CandidateLibrary {
  ids: Int32Array;
  floats: Float32Array;
  dim: number;
}

export type TopFn = (q: Float32Array, k: number) => number[];

/** Every row's exact score (the ground truth; (a) is its top k). */
export function exactScores(lib: CandidateLibrary, q: Float32Array, out: Float32Array): Float32Array {
  const { floats, dim } = lib;
  const n = lib.ids.length;
  for (let r = 0; r < n; r++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const b = r * dim;
    for (let j = 0; j < dim; j += 4) {
      s0 += (floats[b + j] ?? 0) * (q[j] ?? 0);
      s1 += (floats[b + j + 1] ?? 0) * (q[j + 1] ?? 0);
      s2 += (floats[b + j + 2] ?? 0) * (q[j + 2] ?? 0);
      s3 += (floats[b + j + 3] ?? 0) * (q[j + 3] ?? 0);
    }
    out[r] = s0 + s1 + s2 + s3;
  }
  return out;
}

export function topOf(scores: Float32Array, ids: Int32Array, k: number, keep: (row: number) => boolean = () => true): number[] {
  const top = new TopK(k);
  for (let r = 0; r < scores.length; r++) if ((scores[r] ?? 0) > top.floor && keep(r)) top.push(r, scores[r] ?? 0);
  return top.sorted().map((c) => ids[c.row] ?? 0);
}

export function exactFloat(lib: CandidateLibrary): TopFn {
  const scores = new Float32Array(lib.ids.length);
  return (q, k) => topOf(exactScores(lib, q, scores), lib.ids, k);
}

function rescoreTop(lib: CandidateLibrary, rows: number[], q: Float32Array, k: number): number[] {
  const { floats, dim } = lib;
  return rows
    .map((r) => {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (floats[r * dim + j] ?? 0) * (q[j] ?? 0);
      return { r, s };
    })
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((x) => lib.ids[x.r] ?? 0);
}

/** (b): the product's index over the same rows (floats not kept: rescoring reads lib.floats). */
export function int8Wasm(lib: CandidateLibrary, index: VectorIndex, rescore = 256): TopFn {
  return (q, k) => rescoreTop(lib, index.search(q, k + rescore).map((c) => c.row), q, k);
}

/** (b'): the same codes, scanned by a JavaScript loop. */
export function int8Js(lib: CandidateLibrary, rescore = 256): TopFn {
  const { dim } = lib;
  const n = lib.ids.length;
  const codes = new Int8Array(n * dim);
  const scales = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let max = 0;
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(lib.floats[r * dim + j] ?? 0));
    scales[r] = max / 127;
    for (let j = 0; j < dim; j++) codes[r * dim + j] = Math.round(((lib.floats[r * dim + j] ?? 0) * 127) / (max || 1));
  }
  return (q, k) => {
    const top = new TopK(k + rescore);
    for (let r = 0; r < n; r++) {
      let s0 = 0;
      let s1 = 0;
      const b = r * dim;
      for (let j = 0; j < dim; j += 2) {
        s0 += (codes[b + j] ?? 0) * (q[j] ?? 0);
        s1 += (codes[b + j + 1] ?? 0) * (q[j + 1] ?? 0);
      }
      const s = (s0 + s1) * (scales[r] ?? 0);
      if (s > top.floor) top.push(r, s);
    }
    return rescoreTop(lib, top.sorted().map((c) => c.row), q, k);
  };
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** (c): sign bits of (v - library mean), Hamming distance, top `keep` rescored in float32. */
export function binaryPrefilter(lib: CandidateLibrary, keep = 2000): TopFn {
  const { dim } = lib;
  const n = lib.ids.length;
  const words = Math.ceil(dim / 32);
  const mean = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) mean[j] = (mean[j] ?? 0) + (lib.floats[r * dim + j] ?? 0) / n;
  const bits = new Uint32Array(n * words);
  const encode = (v: Float32Array, out: Uint32Array, at: number) => {
    for (let j = 0; j < dim; j++) if ((v[j] ?? 0) > (mean[j] ?? 0)) out[at + (j >> 5)] = (out[at + (j >> 5)] ?? 0) | (1 << (j & 31));
  };
  for (let r = 0; r < n; r++) encode(lib.floats.subarray(r * dim, (r + 1) * dim), bits, r * words);
  return (q, k) => {
    const qb = new Uint32Array(words);
    encode(q, qb, 0);
    const top = new TopK(keep);
    for (let r = 0; r < n; r++) {
      let d = 0;
      for (let w = 0; w < words; w++) d += popcount(((bits[r * words + w] ?? 0) ^ (qb[w] ?? 0)) >>> 0);
      if (-d > top.floor) top.push(r, -d);
    }
    return rescoreTop(lib, top.sorted().map((c) => c.row), q, k);
  };
}

export function recall(got: readonly number[], want: readonly number[]): number {
  if (want.length === 0) return 1;
  const g = new Set(got);
  return want.filter((id) => g.has(id)).length / want.length;
}
