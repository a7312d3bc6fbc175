/**
 * A style network ready to run: its session, tensor names, input size (fixed or dynamic) and value
 * ranges. Made by open-style-network.ts; run by style-network-runner.ts. Types only.
 */
import type { OnnxSession } from '../../onnx/onnx-session.js';

/** [low, high]: the values the network reads for black..white (or writes for them). */
export type ValueRange = readonly [number, number];

export interface StyleNetwork {
  /** The .onnx file, for messages. */
  readonly file: string;
  readonly session: OnnxSession;
  readonly inputName: string;
  readonly outputName: string;
  /** A fixed H x W input; undefined when the model accepts any size. */
  readonly fixedSize?: { readonly width: number; readonly height: number };
  readonly inputRange: ValueRange;
  readonly outputRange: ValueRange;
  /** Where the ranges came from: the sidecar JSON, or a probe run (style-range-detection.ts). */
  readonly rangesFrom: 'sidecar' | 'detected';
}

/** Interleaved 8-bit RGB pixels (sharp's raw output with 3 channels). */
export interface RawRgb {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}
