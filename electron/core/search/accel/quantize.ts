/**
 * Scalar quantisation of the accelerator: each stored vector becomes int8 with its own scale
 * (max |v| / 127), the query int16 (as large as the int32 sum of the kernel allows). The error of
 * a stored component is at most scale / 2; for a 512-d unit vector (scale ~0.0013) a score moves by
 * ~4e-4 (one standard deviation), which is why the best candidates are rescored in float32.
 */

/** Writes round(v / scale) into codes[offset ..] and returns the scale (0 for a zero vector). */
export function quantizeRow(v: Float32Array, codes: Int8Array, offset: number): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i] ?? 0);
    if (a > max) max = a;
  }
  if (max === 0) {
    codes.fill(0, offset, offset + v.length);
    return 0;
  }
  const inv = 127 / max;
  for (let i = 0; i < v.length; i++) codes[offset + i] = Math.round((v[i] ?? 0) * inv);
  return max / 127;
}

/**
 * Largest query code so that 128 x code x stride stays below 2^31 (the kernel's int32 sum, even
 * for an int8 code of -128, which quantizeRow never writes): 32,767 up to 512 dims, less beyond.
 */
export function queryCodeLimit(stride: number): number {
  return Math.min(32767, Math.floor(2147483647 / (128 * Math.max(1, stride))));
}

/** Writes the query's int16 codes into out (zero-padded past q.length); returns codes per unit. */
export function quantizeQuery(q: Float32Array, out: Int16Array, limit: number): number {
  let max = 0;
  for (let i = 0; i < q.length; i++) {
    const a = Math.abs(q[i] ?? 0);
    if (a > max) max = a;
  }
  out.fill(0);
  if (max === 0) return 1;
  const perUnit = limit / max;
  for (let i = 0; i < q.length; i++) out[i] = Math.round((q[i] ?? 0) * perUnit);
  return perUnit;
}
