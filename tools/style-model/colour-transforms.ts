/**
 * The fixed colour transforms the fixture style networks compute: out = M · rgb + b per pixel,
 * in 0..255 units, before clamping. Tests apply these directly to pixels and compare with what the
 * ONNX provider returns, so the numbers live here once.
 */
export interface ColourTransform {
  /** Row-major 3x3: out[c] = Σ_k matrix[c][k] · in[k] + bias[c]. */
  matrix: readonly [readonly number[], readonly number[], readonly number[]];
  bias: readonly [number, number, number];
}

/** The classic sepia matrix (Microsoft's "sepia tone" recipe, widely reproduced). */
export const SEPIA: ColourTransform = {
  matrix: [
    [0.393, 0.769, 0.189],
    [0.349, 0.686, 0.168],
    [0.272, 0.534, 0.131],
  ],
  bias: [0, 0, 0],
};

export const REDDEN: ColourTransform = {
  matrix: [
    [0.6, 0.3, 0.3],
    [0, 0.4, 0],
    [0, 0, 0.4],
  ],
  bias: [90, 0, 0],
};

export const BLUEN: ColourTransform = {
  matrix: [
    [0.4, 0, 0],
    [0, 0.4, 0],
    [0.3, 0.3, 0.6],
  ],
  bias: [0, 0, 90],
};

/** Applies the transform to one RGB pixel in 0..255 and clamps, as the provider's output step does. */
export function applyColourTransform(t: ColourTransform, r: number, g: number, b: number): [number, number, number] {
  const out = t.matrix.map((row, c) => {
    const v = (row[0] ?? 0) * r + (row[1] ?? 0) * g + (row[2] ?? 0) * b + (t.bias[c] ?? 0);
    return Math.min(255, Math.max(0, v));
  });
  return [out[0] ?? 0, out[1] ?? 0, out[2] ?? 0];
}
