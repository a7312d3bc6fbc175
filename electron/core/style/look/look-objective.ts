/**
 * What the look search maximises (style-preview.md; StyleGAN-NADA's directional loss, Gal et al.
 * 2021, applied to a recipe instead of a generator's weights):
 *   directional = cos(E_img(styled) - E_img(original), E_text(styled prompt) - E_text(neutral prompt))
 *   fitness     = directional + beta * cos(E_img(styled), E_text(styled prompt))
 *                 - penalty * max(0, floor - cos(E_img(styled), E_img(original)))
 * All embeddings are L2-normalised. The penalty is steep (a constraint in practice) but smooth, so
 * the optimiser can walk back into the allowed region from outside it.
 */
import { cosineSimilarity } from '../../embed/vector-math.js';

export interface LookTargets {
  /** E_img of the photo as it is. */
  original: Float32Array;
  /** E_text of the styled prompt (prompt ensemble). */
  styled: Float32Array;
  /** normalize(E_text(styled) - E_text(neutral)). */
  direction: Float32Array;
}

export interface LookObjective {
  /** Weight of the similarity to the styled prompt. */
  beta: number;
  /** Least content cosine to the original the look may keep. */
  contentFloor: number;
}

export interface LookScore {
  directional: number;
  similarity: number;
  content: number;
  fitness: number;
}

const FLOOR_PENALTY = 20;

/** normalize(a - b); zero when a equals b. */
export function direction(a: Float32Array, b: Float32Array): Float32Array {
  const d = new Float32Array(a.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const v = (a[i] ?? 0) - (b[i] ?? 0);
    d[i] = v;
    n += v * v;
  }
  if (n === 0) return d;
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < d.length; i++) d[i] = (d[i] ?? 0) * s;
  return d;
}

export function scoreLook(embedding: Float32Array, targets: LookTargets, objective: LookObjective): LookScore {
  const delta = direction(embedding, targets.original);
  const directional = cosineSimilarity(delta, targets.direction);
  const similarity = cosineSimilarity(embedding, targets.styled);
  const content = cosineSimilarity(embedding, targets.original);
  const fitness = directional + objective.beta * similarity - FLOOR_PENALTY * Math.max(0, objective.contentFloor - content);
  return { directional, similarity, content, fitness };
}
