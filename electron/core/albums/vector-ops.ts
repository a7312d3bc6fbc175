/**
 * The few vector operations albums need, on Float32Array rows of a flat library matrix.
 */
export function normalizeInPlace(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  if (n > 0) {
    const s = 1 / Math.sqrt(n);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) * s;
  }
  return v;
}

/**
 * Dot product of `v` with row `row` of a flat matrix whose rows have v.length columns. Four
 * accumulators let the CPU overlap the multiply-adds (1.6x faster than one over 100k x 512,
 * tools/bench/album-bench.ts); the tail loop covers dimensions that are not a multiple of 4.
 */
export function dotRow(matrix: Float32Array, row: number, v: Float32Array): number {
  const d = v.length;
  let b = row * d;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4, b += 4) {
    s0 += (matrix[b] ?? 0) * (v[j] ?? 0);
    s1 += (matrix[b + 1] ?? 0) * (v[j + 1] ?? 0);
    s2 += (matrix[b + 2] ?? 0) * (v[j + 2] ?? 0);
    s3 += (matrix[b + 3] ?? 0) * (v[j + 3] ?? 0);
  }
  for (; j < d; j++, b++) s0 += (matrix[b] ?? 0) * (v[j] ?? 0);
  return s0 + s1 + s2 + s3;
}

/** All rows times v (plus `bias`): one score per row. */
export function scoreRows(matrix: Float32Array, rows: number, v: Float32Array, bias = 0): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = dotRow(matrix, r, v) + bias;
  return out;
}
