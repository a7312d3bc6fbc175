/**
 * The size a Stable Diffusion server works at: the photo's aspect ratio, longest edge at most the
 * requested size, each side a multiple of `multiple` (8 is what the VAE needs; 64 is safe for
 * every SD 1.x/2.x/XL model, AUTOMATIC1111 rounds to 8 itself). Never larger than the photo.
 */
export function sdSize(width: number, height: number, size: number, multiple: number): { width: number; height: number } {
  const scale = Math.min(1, size / Math.max(width, height));
  const round = (v: number): number => Math.max(multiple, Math.round((v * scale) / multiple) * multiple);
  return { width: round(width), height: round(height) };
}
