/**
 * Picks a tower's embedding output and splits a [n, dim] result into one L2-normalised vector
 * per input. transformers.js exports name it text_embeds / image_embeds; other exporters may
 * not, so a single output of any name is accepted.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { l2Normalize } from './vector-math.js';

/** The output name to read, or undefined when there is no unambiguous one. */
export function pickEmbeddingOutput(outputNames: readonly string[], preferred: string): string | undefined {
  if (outputNames.includes(preferred)) return preferred;
  return outputNames.length === 1 ? outputNames[0] : undefined;
}

/** Throws a plain Error with the reason when the output is not float32 [count, expectedDim]. */
export function splitEmbeddings(
  outputs: InferenceSession.ReturnType,
  outputName: string,
  count: number,
  expectedDim: number,
): Float32Array[] {
  const value = outputs[outputName];
  if (!value || value.type !== 'float32' || !(value.data instanceof Float32Array)) {
    throw new Error(`output ${outputName} is not a float32 tensor`);
  }
  const [rows, dim, ...rest] = value.dims;
  if (rows !== count || dim !== expectedDim || rest.length > 0) {
    throw new Error(
      `output ${outputName} has shape [${value.dims.join(', ')}], expected [${count}, ${expectedDim}] (projection_dim in config.json)`,
    );
  }
  const data = value.data;
  return Array.from({ length: count }, (_, i) => l2Normalize(data.subarray(i * dim, (i + 1) * dim)));
}
