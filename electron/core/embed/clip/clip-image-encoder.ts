/**
 * Runs the vision tower on preprocessed images, all in one [n, 3, H, W] batch tensor.
 * The input is `pixel_values` (transformers.js layout) or the session's only input.
 */
import { Tensor } from 'onnxruntime-node';
import type { OnnxSession } from '../../onnx/onnx-session.js';
import { pickEmbeddingOutput, splitEmbeddings } from '../embedding-output.js';
import type { ImageTowerEncoder } from '../model-family.js';

export class ClipImageEncoder implements ImageTowerEncoder {
  readonly #session: OnnxSession;
  readonly #input: string;
  readonly #output: string;
  readonly #size: { width: number; height: number };
  readonly #dim: number;

  /** Throws a plain Error with the reason when the session is not a CLIP vision tower. */
  constructor(session: OnnxSession, options: { size: { width: number; height: number }; dim: number }) {
    this.#session = session;
    this.#size = options.size;
    this.#dim = options.dim;
    const input = session.inputNames.includes('pixel_values')
      ? 'pixel_values'
      : session.inputNames.length === 1
        ? session.inputNames[0]
        : undefined;
    if (!input) throw new Error(`the vision model has no pixel_values input (inputs: ${session.inputNames.join(', ')})`);
    this.#input = input;
    const output = pickEmbeddingOutput(session.outputNames, 'image_embeds');
    if (!output) {
      throw new Error(`the vision model has no image_embeds output (outputs: ${session.outputNames.join(', ')})`);
    }
    this.#output = output;
  }

  async encode(pixels: readonly Float32Array[]): Promise<Float32Array[]> {
    if (pixels.length === 0) return [];
    const { width, height } = this.#size;
    const per = 3 * width * height;
    const batch = new Float32Array(per * pixels.length);
    pixels.forEach((p, i) => {
      if (p.length !== per) {
        throw new Error(`image ${i} has ${p.length} values, expected 3 x ${height} x ${width} = ${per}`);
      }
      batch.set(p, i * per);
    });
    const outputs = await this.#session.run({
      [this.#input]: new Tensor('float32', batch, [pixels.length, 3, height, width]),
    });
    return splitEmbeddings(outputs, this.#output, pixels.length, this.#dim);
  }
}
