/**
 * Runs a text tower on token id sequences. The feeds are built for exactly the inputs the session
 * lists, each filled by its role: CLIP exports take `input_ids` always and `attention_mask` when
 * they have one (both kinds exist in the wild), int64 or int32; a BERT-style family adds
 * `token_type_ids` (zeros) through `inputRoles`. An input with no role is refused by name.
 * A batch is padded to its longest sequence: CLIP pools at the EOS position (argmax of ids) under
 * a causal mask, so padding after EOS does not change the result (reference.json notes: padded vs
 * unpadded max abs diff 6e-7).
 */
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import type { OnnxSession } from '../../onnx/onnx-session.js';
import { pickEmbeddingOutput, splitEmbeddings } from '../embedding-output.js';
import type { TextTowerEncoder } from '../model-family.js';

type IntType = 'int64' | 'int32';

/** What fills a text input: the padded ids, the 1/0 mask of real tokens, or zeros (token types). */
export type TextInputRole = 'ids' | 'mask' | 'zeros';

/** The inputs a CLIP text tower may list. */
export const CLIP_TEXT_INPUTS: Readonly<Record<string, TextInputRole>> = { input_ids: 'ids', attention_mask: 'mask' };

export interface ClipTextEncoderOptions {
  padId: number;
  dim: number;
  /** Input name -> role; default CLIP_TEXT_INPUTS. */
  inputRoles?: Readonly<Record<string, TextInputRole>>;
}

interface TextInput {
  name: string;
  role: TextInputRole;
  type: IntType;
}

export class ClipTextEncoder implements TextTowerEncoder {
  readonly #session: OnnxSession;
  readonly #output: string;
  readonly #inputs: readonly TextInput[];
  readonly #padId: number;
  readonly #dim: number;

  /** Throws a plain Error with the reason when the session's inputs/outputs are not a text tower of this family. */
  constructor(session: OnnxSession, options: ClipTextEncoderOptions) {
    this.#session = session;
    this.#padId = options.padId;
    this.#dim = options.dim;
    const roles = options.inputRoles ?? CLIP_TEXT_INPUTS;
    if (!session.inputNames.includes('input_ids')) {
      throw new Error(`the text model has no input_ids input (inputs: ${session.inputNames.join(', ')})`);
    }
    const unknown = session.inputNames.filter((n) => !Object.hasOwn(roles, n));
    if (unknown.length > 0) throw new Error(`the text model has inputs Recollect cannot feed: ${unknown.join(', ')}`);
    this.#inputs = session.inputNames.map((name) => ({ name, role: roles[name] ?? 'ids', type: intTypeOf(session, name) }));
    const output = pickEmbeddingOutput(session.outputNames, 'text_embeds');
    if (!output) throw new Error(`the text model has no text_embeds output (outputs: ${session.outputNames.join(', ')})`);
    this.#output = output;
  }

  get usesAttentionMask(): boolean {
    return this.#inputs.some((i) => i.role === 'mask');
  }

  feeds(batch: readonly (readonly number[])[]): InferenceSession.FeedsType {
    const length = Math.max(...batch.map((ids) => ids.length));
    const values: Record<TextInputRole, number[]> = { ids: [], mask: [], zeros: [] };
    for (const seq of batch) {
      for (let i = 0; i < length; i++) {
        values.ids.push(seq[i] ?? this.#padId);
        values.mask.push(i < seq.length ? 1 : 0);
        values.zeros.push(0);
      }
    }
    const feeds: Record<string, Tensor> = {};
    for (const input of this.#inputs) feeds[input.name] = intTensor(input.type, values[input.role], [batch.length, length]);
    return feeds;
  }

  /** One L2-normalised embedding per id sequence, run as a single batch. */
  async encode(batch: readonly (readonly number[])[]): Promise<Float32Array[]> {
    if (batch.length === 0) return [];
    const outputs = await this.#session.run(this.feeds(batch));
    return splitEmbeddings(outputs, this.#output, batch.length, this.#dim);
  }
}

function intTypeOf(session: OnnxSession, name: string): IntType {
  const meta = session.inputMetadata.find((m) => m.name === name);
  // Metadata can be missing on fakes or old runtimes; int64 is what HF exports use.
  return meta?.isTensor && meta.type === 'int32' ? 'int32' : 'int64';
}

function intTensor(type: IntType, values: readonly number[], dims: readonly number[]): Tensor {
  if (type === 'int32') return new Tensor('int32', Int32Array.from(values), dims);
  return new Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
}
