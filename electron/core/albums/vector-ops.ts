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

/** Dot product of `v` with row `row` of a flat matrix whose rows have v.length columns. */
export function dotRow(matrix: Float32Array, row: number, v: Float32Array): number {
  const d = v.length;
  const base = row * d;
  let s = 0;
  for (let j = 0; j < d; j++) s += (matrix[base + j] ?? 0) * (v[j] ?? 0);
  return s;
}

/** All rows times v: one score per row. */
export function scoreRows(matrix: Float32Array, rows: number, v: Float32Array): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = dotRow(matrix, r, v);
  return out;
}
