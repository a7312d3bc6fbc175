/**
 * Runs a style network over a whole photo by tiles (style-tile-plan.ts), band by band: the float
 * accumulator holds one band of rows (width x tile height), rows are finalised into the 8-bit
 * output as soon as no later band reaches them. Working memory is bounded by the plan's bandBytes
 * + tensorBytes, independent of the photo's height. Never touches files.
 */
import * as ort from 'onnxruntime-node';
import { CoreError } from '../../core-error.js';
import type { RawRgb, StyleNetwork } from './style-network.js';
import { planTiles, type TilePlan } from './style-tile-plan.js';

export interface RunOptions {
  /** Tile edge for models with dynamic H/W (a fixed model's own size wins). */
  tileSize: number;
  overlap: number;
  signal?: AbortSignal;
  onTile?: (done: number, total: number) => void;
}

/** The plan runStyleNetwork follows for this network and photo size (exported for tests and the bench). */
export function planFor(net: StyleNetwork, width: number, height: number, options: Pick<RunOptions, 'tileSize' | 'overlap'>): TilePlan {
  const tileWidth = net.fixedSize?.width ?? Math.min(options.tileSize, width);
  const tileHeight = net.fixedSize?.height ?? Math.min(options.tileSize, height);
  const overlap = Math.min(options.overlap, Math.floor(Math.min(tileWidth, tileHeight) / 2));
  return planTiles(width, height, { tileWidth, tileHeight, overlap });
}

/** CHW float tile, values mapped into the network's input range; edges replicated into padding. */
function inputTensor(net: StyleNetwork, image: RawRgb, x0: number, y0: number, w: number, h: number, tw: number, th: number): ort.Tensor {
  const [lo, hi] = net.inputRange;
  const scale = (hi - lo) / 255;
  const plane = tw * th;
  const data = new Float32Array(3 * plane);
  for (let ty = 0; ty < th; ty++) {
    const y = y0 + Math.min(ty, h - 1);
    for (let tx = 0; tx < tw; tx++) {
      const src = (y * image.width + x0 + Math.min(tx, w - 1)) * 3;
      const dst = ty * tw + tx;
      data[dst] = lo + (image.data[src] ?? 0) * scale;
      data[plane + dst] = lo + (image.data[src + 1] ?? 0) * scale;
      data[2 * plane + dst] = lo + (image.data[src + 2] ?? 0) * scale;
    }
  }
  return new ort.Tensor('float32', data, [1, 3, th, tw]);
}

async function runTile(net: StyleNetwork, input: ort.Tensor): Promise<Float32Array> {
  const outputs = await net.session.run({ [net.inputName]: input });
  const out = outputs[net.outputName];
  const same = out && out.dims.length === 4 && out.dims.every((d, i) => d === input.dims[i]);
  if (!out || !same || !(out.data instanceof Float32Array)) {
    const got = out ? `${out.type} [${out.dims.join(',')}]` : 'nothing';
    throw new CoreError('STYLE_FAILED', `${net.file}: the style network returned ${got}; it must return float32 [${input.dims.join(',')}] (the input's shape)`);
  }
  return out.data;
}

export async function runStyleNetwork(net: StyleNetwork, image: RawRgb, options: RunOptions): Promise<RawRgb> {
  const plan = planFor(net, image.width, image.height, options);
  const { width, height, tileWidth: tw, tileHeight: th, columns, rows } = plan;
  const [olo, ohi] = net.outputRange;
  const toPixel = 255 / (ohi - olo);
  const bandRows = Math.min(height, th);
  const band = new Float32Array(width * bandRows * 3);
  const out = new Uint8Array(width * height * 3);
  const total = columns.length * rows.length;
  let done = 0;
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j];
    const rowWeights = plan.rowWeights[j];
    if (!row || !rowWeights) continue;
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i];
      const colWeights = plan.columnWeights[i];
      if (!col || !colWeights) continue;
      options.signal?.throwIfAborted();
      const result = await runTile(net, inputTensor(net, image, col.start, row.start, col.length, row.length, tw, th));
      const plane = tw * th;
      for (let ty = 0; ty < row.length; ty++) {
        const wy = rowWeights[ty] ?? 0;
        const bandOffset = ty * width;
        for (let tx = 0; tx < col.length; tx++) {
          const w = wy * (colWeights[tx] ?? 0);
          const src = ty * tw + tx;
          const dst = (bandOffset + col.start + tx) * 3;
          band[dst] = (band[dst] ?? 0) + w * ((result[src] ?? 0) - olo) * toPixel;
          band[dst + 1] = (band[dst + 1] ?? 0) + w * ((result[plane + src] ?? 0) - olo) * toPixel;
          band[dst + 2] = (band[dst + 2] ?? 0) + w * ((result[2 * plane + src] ?? 0) - olo) * toPixel;
        }
      }
      options.onTile?.(++done, total);
    }
    // Rows before the next band's start get nothing more: round them out, carry the overlap up.
    const next = rows[j + 1]?.start ?? height;
    const finished = next - row.start;
    const offset = row.start * width * 3;
    for (let k = 0; k < finished * width * 3; k++) out[offset + k] = Math.min(255, Math.max(0, Math.round(band[k] ?? 0)));
    band.copyWithin(0, finished * width * 3);
    band.fill(0, (bandRows - finished) * width * 3);
  }
  return { data: out, width, height };
}
