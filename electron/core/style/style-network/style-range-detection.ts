/**
 * Value ranges of a style network without a sidecar, found by running it once on a small
 * colour-gradient probe (the rule is in docs/style-preview.md, "ONNX style networks"):
 *   1. feed the probe as 0..255; if the output's 99th percentile of |value| is above 2, the network
 *      works in 0..255 in and out (the ONNX model zoo's fast neural style models do);
 *   2. otherwise it reads 0..1; feed the probe as 0..1 and read the output's scale: 99th percentile
 *      above 2 -> 0..255, 1st percentile below -0.25 -> -1..1 (a tanh output), else 0..1.
 * A heuristic for real style networks; a sidecar's inputRange/outputRange always wins.
 */
import * as ort from 'onnxruntime-node';
import type { OnnxSession } from '../../onnx/onnx-session.js';
import type { ValueRange } from './style-network.js';

const PROBE = 32;

function probe(width: number, height: number, high: number): ort.Tensor {
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      data[i] = (x / (width - 1)) * high;
      data[plane + i] = (y / (height - 1)) * high;
      data[2 * plane + i] = (((x + y) % 7) / 6) * high;
    }
  }
  return new ort.Tensor('float32', data, [1, 3, height, width]);
}

function percentile(values: Float32Array, p: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function run(session: OnnxSession, inputName: string, outputName: string, input: ort.Tensor): Promise<Float32Array> {
  const out = (await session.run({ [inputName]: input }))[outputName];
  return out?.data instanceof Float32Array ? out.data : new Float32Array(0);
}

export async function detectRanges(
  session: OnnxSession,
  names: { input: string; output: string },
  size: { width: number; height: number } = { width: PROBE, height: PROBE },
): Promise<{ inputRange: ValueRange; outputRange: ValueRange }> {
  const at255 = await run(session, names.input, names.output, probe(size.width, size.height, 255));
  if (percentile(at255.map(Math.abs), 0.99) > 2) return { inputRange: [0, 255], outputRange: [0, 255] };
  const at1 = await run(session, names.input, names.output, probe(size.width, size.height, 1));
  if (percentile(at1.map(Math.abs), 0.99) > 2) return { inputRange: [0, 1], outputRange: [0, 255] };
  if (percentile(at1, 0.01) < -0.25) return { inputRange: [0, 1], outputRange: [-1, 1] };
  return { inputRange: [0, 1], outputRange: [0, 1] };
}
