/**
 * CLIP preprocessing as the product does it (see docs in shared/ml-notes.md): upright, sRGB,
 * short side -> 224 bicubic without shrink-on-load, then a centre crop with floor offsets.
 * Training data goes through the same code so the model learns the pixels it will be fed.
 */
import sharp from 'sharp';

export const INPUT_SIZE = 224;

/** 224 x 224 x 3 uint8 RGB, HWC. */
export async function preprocessToRaw(input: Buffer | string): Promise<Buffer> {
  const base = sharp(input, { failOn: 'error' }).rotate().toColourspace('srgb').removeAlpha();
  const meta = await sharp(input).metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const w0 = meta.width ?? INPUT_SIZE;
  const h0 = meta.height ?? INPUT_SIZE;
  const width = swap ? h0 : w0;
  const height = swap ? w0 : h0;
  const short = Math.min(width, height);
  const w = width <= height ? INPUT_SIZE : Math.trunc((INPUT_SIZE * width) / short);
  const h = width <= height ? Math.trunc((INPUT_SIZE * height) / short) : INPUT_SIZE;
  return base
    .resize(w, h, { kernel: 'cubic', fit: 'fill', fastShrinkOnLoad: false })
    .extract({
      left: Math.floor((w - INPUT_SIZE) / 2),
      top: Math.floor((h - INPUT_SIZE) / 2),
      width: INPUT_SIZE,
      height: INPUT_SIZE,
    })
    .raw()
    .toBuffer();
}
