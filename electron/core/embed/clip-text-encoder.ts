/**
 * Runs the text tower on token id sequences. Inputs are discovered from the session: `input_ids`
 * always, `attention_mask` when the export has one (both kinds exist in the wild), int64 or int32.
 * A batch is padded to its longest sequence: CLIP pools at the EOS position (argmax of ids) under
 * a causal mask, so padding after EOS does not change the result (reference.json notes: padded vs
 * unpadded max abs diff 6e-7).
 */
import { Tensor } from 'onnxruntime-node';
import { pickEmbeddingOutput, splitEmbeddings } from './embedding-output.js';
import type { TowerSession } from './tower-session.js';

type IntType = 'int64' | 'int32';
const KNOWN_INPUTS = new Set(['input_ids', 'attention_mask']);

export class ClipTextEncoder {
  readonly #session: TowerSession;
  readonly #output: string;
  readonly #inputTypes: Map<string, IntType>;
  readonly #padId: number;
  readonly #dim: number;

  /** Throws a plain Error with the reason when the session's inputs/outputs are not a CLIP text tower. */
  constructor(session: TowerSession, options: { padId: number; dim: number }) {
    this.#session = session;
    this.#padId = options.padId;
    this.#dim = options.dim;
    if (!session.inputNames.includes('input_ids')) {
      throw new Error(`the text model has no input_ids input (inputs: ${session.inputNames.join(', ')})`);
    }
    const unknown = session.inputNames.filter((n) => !KNOWN_INPUTS.has(n));
    if (unknown.length > 0) throw new Error(`the text model has inputs Recollect cannot feed: ${unknown.join(', ')}`);
    this.#inputTypes = new Map(session.inputNames.map((name) => [name, intTypeOf(session, name)]));
    const output = pickEmbeddingOutput(session.outputNames, 'text_embeds');
    if (!output) throw new Error(`the text model has no text_embeds output (outputs: ${session.outputNames.join(', ')})`);
    this.#output = output;
  }

  get usesAttentionMask(): boolean {
    return this.#inputTypes.has('attention_mask');
  }

  /** One L2-normalised embedding per id sequence, run as a single batch. */
  async encode(batch: readonly (readonly number[])[]): Promise<Float32Array[]> {
    if (batch.length === 0) return [];
    const length = Math.max(...batch.map((ids) => ids.length));
    const ids: number[] = [];
    const mask: number[] = [];
    for (const seq of batch) {
      for (let i = 0; i < length; i++) {
        ids.push(seq[i] ?? this.#padId);
        mask.push(i < seq.length ? 1 : 0);
      }
    }
    const feeds: Record<string, Tensor> = {};
    for (const [name, type] of this.#inputTypes) {
      feeds[name] = intTensor(type, name === 'input_ids' ? ids : mask, [batch.length, length]);
    }
    const outputs = await this.#session.run(feeds);
    return splitEmbeddings(outputs, this.#output, batch.length, this.#dim);
  }
}

function intTypeOf(session: TowerSession, name: string): IntType {
  const meta = session.inputMetadata.find((m) => m.name === name);
  // Metadata can be missing on fakes or old runtimes; int64 is what HF exports use.
  return meta?.isTensor && meta.type === 'int32' ? 'int32' : 'int64';
}

function intTensor(type: IntType, values: readonly number[], dims: readonly number[]): Tensor {
  if (type === 'int32') return new Tensor('int32', Int32Array.from(values), dims);
  return new Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
}
