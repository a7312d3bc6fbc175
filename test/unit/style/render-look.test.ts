import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { identityRecipe, type LookRecipe } from '../../../electron/core/style/look/look-recipe.js';
import { applyLook, decodeRaw, renderLook, type RawImage } from '../../../electron/core/style/look/render-look.js';

/** A 64x48 picture: a red square on a grey-blue gradient, so colour, tone and edges all show. */
function testImage(width = 64, height = 48): RawImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const inSquare = x > width / 4 && x < (3 * width) / 4 && y > height / 4 && y < (3 * height) / 4;
      data[i] = inSquare ? 210 : 90 + Math.round((x / width) * 60);
      data[i + 1] = inSquare ? 40 : 100 + Math.round((y / height) * 40);
      data[i + 2] = inSquare ? 30 : 150;
    }
  }
  return { data, width, height, channels: 3 };
}

const look = (set: Partial<LookRecipe>): LookRecipe => ({ ...identityRecipe(), ...set });

function pixel(img: RawImage, x: number, y: number): [number, number, number] {
  const i = (y * img.width + x) * img.channels;
  return [img.data[i] ?? 0, img.data[i + 1] ?? 0, img.data[i + 2] ?? 0];
}

function mean(img: RawImage): number {
  let s = 0;
  for (let i = 0; i < img.data.length; i++) if (i % img.channels < 3) s += img.data[i] ?? 0;
  return s / ((img.data.length / img.channels) * 3);
}

describe('rendering a look', () => {
  it('leaves every pixel as it was for the identity recipe', async () => {
    const img = testImage();
    const out = await applyLook(img, identityRecipe());
    expect(Buffer.compare(out.data, img.data)).toBe(0);
  });

  it('brightens with exposure and darkens with negative exposure', async () => {
    const img = testImage();
    expect(mean(await applyLook(img, look({ exposure: 0.5 })))).toBeGreaterThan(mean(img) + 10);
    expect(mean(await applyLook(img, look({ exposure: -0.5 })))).toBeLessThan(mean(img) - 10);
  });

  it('turns the photo black and white at saturation -1', async () => {
    const out = await applyLook(testImage(), look({ saturation: -1 }));
    const [r, g, b] = pixel(out, 32, 24);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThanOrEqual(1);
  });

  it('turns the red square towards green with a +120 degree hue rotation', async () => {
    const [r, g] = pixel(await applyLook(testImage(), look({ hue: 120 })), 32, 24);
    expect(g).toBeGreaterThan(r);
  });

  it('warms with temperature: red up, blue down', async () => {
    const img = testImage();
    const [r0, , b0] = pixel(img, 2, 2);
    const [r1, , b1] = pixel(await applyLook(img, look({ temperature: 1 })), 2, 2);
    expect(r1).toBeGreaterThan(r0);
    expect(b1).toBeLessThan(b0);
  });

  it('lifts the blacks with fade', async () => {
    const black: RawImage = { data: Buffer.alloc(8 * 8 * 3), width: 8, height: 8, channels: 3 };
    const [r] = pixel(await applyLook(black, look({ fade: 0.2 })), 4, 4);
    expect(r).toBe(51);
  });

  it('darkens the corners and not the centre with vignette', async () => {
    const img = testImage();
    const out = await applyLook(img, look({ vignette: 1 }));
    expect(pixel(out, 0, 0)[2]).toBeLessThan(pixel(img, 0, 0)[2] * 0.5);
    expect(pixel(out, 32, 24)).toEqual(pixel(img, 32, 24));
  });

  it('adds the same grain on every run', async () => {
    const img = testImage();
    const a = await applyLook(img, look({ grain: 1 }));
    const b = await applyLook(img, look({ grain: 1 }));
    expect(Buffer.compare(a.data, b.data)).toBe(0);
    expect(Buffer.compare(a.data, img.data)).not.toBe(0);
  });

  it('softens the edge of the square with negative sharpness', async () => {
    const img = testImage(256, 192);
    const edge = (im: RawImage) => Math.abs(pixel(im, 64, 96)[0] - pixel(im, 66, 96)[0]);
    expect(edge(await applyLook(img, look({ sharpness: -1 })))).toBeLessThan(edge(img));
  });

  it('keeps alpha as it was', async () => {
    const rgba: RawImage = { data: Buffer.alloc(4 * 4 * 4, 0), width: 4, height: 4, channels: 4 };
    for (let i = 0; i < rgba.data.length; i += 4) {
      rgba.data[i] = 200;
      rgba.data[i + 3] = i % 8 === 0 ? 255 : 77;
    }
    const out = await applyLook(rgba, look({ exposure: -0.5, hue: 40 }));
    for (let i = 3; i < out.data.length; i += 4) expect(out.data[i]).toBe(rgba.data[i]);
  });

  it('looks the same at preview size and at full size (mean colour within 2 levels)', async () => {
    const full = testImage(640, 480);
    const png = await sharp(full.data, { raw: { width: 640, height: 480, channels: 3 } }).png().toBuffer();
    const recipe = look({ exposure: 0.3, hue: 30, vignette: 0.7, grain: 0.6, sharpness: -0.5, fade: 0.1 });
    const small = await decodeRaw(await renderLook(png, recipe, 160));
    const big = await decodeRaw(await renderLook(png, recipe));
    expect([small.width, small.height]).toEqual([160, 120]);
    expect([big.width, big.height]).toEqual([640, 480]);
    const bigShrunk = await decodeRaw(await sharp(big.data, { raw: { width: 640, height: 480, channels: 3 } }).png().toBuffer(), 160);
    expect(Math.abs(mean(small) - mean(bigShrunk))).toBeLessThan(2);
  });
});
