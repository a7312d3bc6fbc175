/**
 * Opens one installed style as a runnable StyleNetwork: an ONNX session on the CPU (through the
 * project's one session factory, onnx/create-session.ts), its input shape checked to be
 * [1,3,H,W] float (H/W fixed or dynamic), value ranges from the sidecar or detected.
 */
import { basename } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { CoreError, describeError } from '../../core-error.js';
import { createSession } from '../../onnx/create-session.js';
import { CPU_PROVIDER } from '../../onnx/execution-providers.js';
import type { OnnxSession } from '../../onnx/onnx-session.js';
import type { InstalledStyle } from './style-catalog.js';
import type { StyleNetwork } from './style-network.js';
import { detectRanges } from './style-range-detection.js';

/** A dimension the model leaves open: a symbolic name, or -1/0 in some exporters. */
function isDynamic(dim: number | string | undefined): boolean {
  return typeof dim === 'string' || (typeof dim === 'number' && dim <= 0);
}

function describeShape(meta: InferenceSession.ValueMetadata | undefined): string {
  if (!meta) return 'no input';
  if (!meta.isTensor) return `${meta.name} (not a tensor)`;
  return `${meta.name} ${meta.type} [${meta.shape.join(',')}]`;
}

/**
 * The fixed H x W, null for dynamic, or a reason the input is not a style network's: exported for
 * unit tests with metadata alone.
 */
export function readInputShape(
  file: string,
  inputs: readonly InferenceSession.ValueMetadata[],
): { fixedSize?: { width: number; height: number } } {
  const meta = inputs[0];
  const shape = meta?.isTensor ? meta.shape : undefined;
  const rightRank = shape !== undefined && (shape.length === 0 || shape.length === 4);
  const [n, c, h, w] = shape ?? [];
  const ok =
    inputs.length === 1 &&
    meta?.isTensor === true &&
    meta.type === 'float32' &&
    rightRank &&
    (shape.length === 0 || ((n === 1 || isDynamic(n)) && (c === 3 || isDynamic(c))));
  if (!ok) {
    const got = inputs.length > 1 ? `${inputs.length} inputs (${inputs.map(describeShape).join('; ')})` : describeShape(meta);
    throw new CoreError(
      'STYLE_FAILED',
      `${basename(file)} is not a style network Recollect can run: it must take one float32 image [1,3,H,W] (batch 1, RGB); it takes ${got}`,
    );
  }
  if (typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0) return { fixedSize: { width: w, height: h } };
  return {};
}

export async function openStyleNetwork(style: InstalledStyle, options: { threads?: number } = {}): Promise<StyleNetwork> {
  let session: OnnxSession;
  try {
    session = await createSession(style.file, CPU_PROVIDER, options);
  } catch (err) {
    throw new CoreError('STYLE_FAILED', `${basename(style.file)} could not be loaded as an ONNX model (${describeError(err)})`, { cause: err });
  }
  try {
    const { fixedSize } = readInputShape(style.file, session.inputMetadata);
    const inputName = session.inputNames[0] ?? '';
    const outputName = session.outputNames[0] ?? '';
    const names = { input: inputName, output: outputName };
    const { inputRange, outputRange } = style.sidecar;
    const detected = inputRange && outputRange ? undefined : await detectRanges(session, names, fixedSize);
    return {
      file: basename(style.file),
      session,
      inputName,
      outputName,
      ...(fixedSize ? { fixedSize } : {}),
      inputRange: inputRange ?? detected?.inputRange ?? [0, 255],
      outputRange: outputRange ?? detected?.outputRange ?? [0, 255],
      rangesFrom: detected ? 'detected' : 'sidecar',
    };
  } catch (err) {
    await session.release();
    if (err instanceof CoreError) throw err;
    throw new CoreError('STYLE_FAILED', `${basename(style.file)} failed on a test image (${describeError(err)})`, { cause: err });
  }
}
