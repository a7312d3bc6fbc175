/**
 * The benchmark's queries: for clustered libraries a noisy point near a cluster centre (cosine to
 * the centre ~0.6, as a text query sits far off the photos it matches), for random ones a random
 * unit vector. And a stand-in text model that "encodes" query i as vector i, so SearchService runs
 * its whole path (KNN, cut-off, records) without ONNX.
 */
import type { ClipModel } from '../../electron/core/embed/clip-model.js';
import { centres, DIM, normalize, randomUnit, Rng, type VectorKind } from './search-library.js';

export function queryVectors(kind: VectorKind, count: number): Float32Array[] {
  const rng = new Rng(kind === 'random' ? 5 : 6);
  const cs = centres();
  return Array.from({ length: count }, () => {
    if (kind === 'random') return randomUnit(rng);
    const c = cs[Math.floor(rng.uniform() * cs.length)] ?? cs[0];
    const v = new Float32Array(DIM);
    // noise sd 0.06 per dim: |noise|^2 ~ 1.84, cosine to the centre ~0.6.
    for (let i = 0; i < DIM; i++) v[i] = (c?.[i] ?? 0) + 0.06 * rng.normal();
    return normalize(v);
  });
}

export type TextModel = Pick<ClipModel, 'encodeTexts' | 'encodeImages' | 'name' | 'languages'>;

/** "q<i>" encodes to queries[i]; negative terms and images are not used by the benchmark. */
export function textModelFor(queries: Float32Array[]): TextModel {
  return {
    name: 'bench',
    languages: ['en'],
    encodeTexts: (texts: string[]) =>
      Promise.resolve(texts.map((t) => queries[Number(t.replace(/^q/, '')) % queries.length] ?? new Float32Array(DIM))),
    encodeImages: () => Promise.reject(new Error('the search benchmark embeds no images')),
  };
}
