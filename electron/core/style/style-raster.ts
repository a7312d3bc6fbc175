/**
 * Pixel plumbing shared by providers that work on raw RGB (style networks, servers): decode the
 * request's bytes at preview size, blend by strength, encode the PNG result, and wrap raw pixels as
 * an OpenedImage for CLIP. sharp does the decoding, resizing and encoding.
 */
import sharp, { type Sharp } from 'sharp';
import type { OpenedImage } from '../image/opened-image.js';
import { SHARP_INPUT_OPTIONS } from '../image/sharp-image.js';
import type { RawRgb } from './style-network/style-network.js';

async function toRaw(pipeline: Sharp): Promise<RawRgb> {
  const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/** The photo's pixels with the longest edge at most `size` (never enlarged); 0 or less: full size. */
export function decodeRgb(image: Buffer, size = 0): Promise<RawRgb> {
  const base = sharp(image, SHARP_INPUT_OPTIONS);
  return toRaw(size > 0 ? base.resize(size, size, { fit: 'inside', withoutEnlargement: true }) : base);
}

/** Raw pixels resized to exactly width x height (a style's working size and back). */
export function resizeRgb(raw: RawRgb, width: number, height: number): Promise<RawRgb> {
  if (raw.width === width && raw.height === height) return Promise.resolve(raw);
  return toRaw(rawPipeline(raw).resize(width, height, { fit: 'fill' }));
}

function rawPipeline(raw: RawRgb): Sharp {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } });
}

/**
 * original + strength · (styled − original), per channel, written into `styled`'s own pixels (a
 * full-size save holds no third copy of the photo); strength 0 is the original, 1 the style.
 */
export function blendIntoStyled(original: RawRgb, styled: RawRgb, strength: number): RawRgb {
  if (original.width !== styled.width || original.height !== styled.height) {
    throw new Error(`blendIntoStyled: ${original.width}x${original.height} and ${styled.width}x${styled.height} differ`);
  }
  const s = Math.min(1, Math.max(0, strength));
  if (s === 1) return styled;
  const data = styled.data;
  for (let i = 0; i < data.length; i++) {
    const a = original.data[i] ?? 0;
    data[i] = Math.round(a + s * ((data[i] ?? 0) - a));
  }
  return styled;
}

export function encodePng(raw: RawRgb): Promise<Buffer> {
  return rawPipeline(raw).png().toBuffer();
}

/** Raw pixels as an OpenedImage, so a ClipModel can preprocess them like any photo. */
export function rgbAsOpenedImage(raw: RawRgb, label: string): OpenedImage {
  return { path: label, format: 'png', width: raw.width, height: raw.height, multiFrame: false, pipeline: () => rawPipeline(raw) };
}
