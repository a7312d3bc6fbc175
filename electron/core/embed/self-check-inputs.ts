/**
 * The fixed input a GPU provider must embed like the CPU does before it is trusted. Deterministic
 * (no RNG), varied enough to exercise every patch and channel, and in the normalised value range
 * the vision tower sees in practice (about -2..2.6 after CLIP normalisation).
 */
export const SELF_CHECK_TEXT = 'a photo of a dog playing in the snow';

export function selfCheckPixels(width: number, height: number): Float32Array {
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        out[c * plane + y * width + x] = 1.8 * Math.sin(0.07 * x + 0.11 * y + 2.1 * c) * Math.cos(0.013 * x * y);
      }
    }
  }
  return out;
}
