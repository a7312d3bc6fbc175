/**
 * Where an image of a given size is resized to and which window of it is kept, computed exactly
 * as Hugging Face's CLIPImageProcessor does (ml-notes.md, "Image preprocessing"):
 * short side -> shortest_edge, long side `int(shortest_edge * long / short)` (truncation), then a
 * centre crop at `floor((W - w) / 2)`, `floor((H - h) / 2)`. sharp's `fit: 'cover'` and its
 * automatic width both round instead and land one pixel off (cosine 0.9997 on a panorama).
 * Pure arithmetic; no sharp.
 */
import type { PreprocessSettings } from './preprocess-settings.js';

export interface ResizeGeometry {
  /** Size after resizing (equal to the source when do_resize is false). */
  resized: { width: number; height: number };
  /** Window kept from the resized image; may reach outside it when the crop is bigger (padded). */
  crop: { left: number; top: number; width: number; height: number };
}

export function computeResizeGeometry(
  width: number,
  height: number,
  settings: Pick<PreprocessSettings, 'resize' | 'crop'>,
): ResizeGeometry {
  const resized = resizedSize(width, height, settings.resize);
  const target = settings.crop ?? resized;
  return {
    resized,
    crop: {
      left: Math.floor((resized.width - target.width) / 2),
      top: Math.floor((resized.height - target.height) / 2),
      width: target.width,
      height: target.height,
    },
  };
}

function resizedSize(
  width: number,
  height: number,
  rule: PreprocessSettings['resize'],
): { width: number; height: number } {
  if (!rule) return { width, height };
  if (rule.kind === 'exact') return { width: rule.width, height: rule.height };
  const edge = rule.shortestEdge;
  // HF get_resize_output_image_size(default_to_square=False): int() truncates the long side.
  if (width <= height) return { width: edge, height: Math.trunc((edge * height) / width) };
  return { width: Math.trunc((edge * width) / height), height: edge };
}
