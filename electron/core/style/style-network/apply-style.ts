/**
 * One style on one photo's pixels: at the style's own working size when its sidecar names one
 * (downsized first, the result scaled back), tiled otherwise (style-network-runner.ts).
 */
import { resizeRgb } from '../style-raster.js';
import type { InstalledStyle } from './style-catalog.js';
import type { RawRgb, StyleNetwork } from './style-network.js';
import { runStyleNetwork, type RunOptions } from './style-network-runner.js';

export async function applyStyle(net: StyleNetwork, style: InstalledStyle, image: RawRgb, options: RunOptions): Promise<RawRgb> {
  const size = style.sidecar.size;
  const longest = Math.max(image.width, image.height);
  if (!size || longest <= size) return runStyleNetwork(net, image, options);
  const scale = size / longest;
  const small = await resizeRgb(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
  const styled = await runStyleNetwork(net, small, options);
  return resizeRgb(styled, image.width, image.height);
}
