/**
 * Prompt ensembling (CLIP paper section 3.1.4; albums.md): each describing prompt is put into a
 * handful of templates, every variant is embedded and normalised, and the mean is normalised
 * again. A prompt that already reads like a sentence ("a photo of my cat") is used as is too.
 */
import type { ClipModel } from '../embed/clip-model.js';
import { normalizeInPlace } from './vector-ops.js';

/**
 * Few templates on purpose: on the fixture model, whose vocabulary is small, every template word it
 * does not know adds noise (six templates with "close-up"/"good": "red things" precision 0.86;
 * these three: 0.98, recall 1.00 both). Real CLIP knows the words; the paper's gain comes mostly
 * from the first few templates.
 */
export const PROMPT_TEMPLATES = ['{}', 'a photo of {}', 'a photo of the {}'] as const;

/** Starts like a caption: an article, a number word or "photo". */
const SENTENCE_LIKE = /^(a|an|the|one|two|three|some|my|our|photo|photos|picture|pictures)\b/i;

export function expandPrompt(prompt: string): string[] {
  const p = prompt.trim();
  const variants = SENTENCE_LIKE.test(p) ? [p] : PROMPT_TEMPLATES.map((t) => t.replace('{}', p));
  return [...new Set(variants)];
}

export interface EnsembleVectors {
  /** normalize(mean over prompts and templates of normalize(E_text(variant))). */
  vector: Float32Array;
  /** One ensemble vector per prompt (for "closest prompt" in Why). */
  perPrompt: Float32Array[];
}

export async function embedPromptEnsemble(model: Pick<ClipModel, 'encodeTexts' | 'dim'>, prompts: readonly string[]): Promise<EnsembleVectors> {
  const expanded = prompts.map(expandPrompt);
  const all = await model.encodeTexts(expanded.flat());
  const perPrompt: Float32Array[] = [];
  const total = new Float32Array(model.dim);
  let offset = 0;
  for (const variants of expanded) {
    const sum = new Float32Array(model.dim);
    for (let i = 0; i < variants.length; i++) {
      const v = all[offset + i];
      if (!v) throw new Error('text model returned fewer embeddings than texts');
      for (let j = 0; j < sum.length; j++) sum[j] = (sum[j] ?? 0) + (v[j] ?? 0);
    }
    offset += variants.length;
    normalizeInPlace(sum);
    perPrompt.push(sum);
    for (let j = 0; j < total.length; j++) total[j] = (total[j] ?? 0) + (sum[j] ?? 0);
  }
  return { vector: normalizeInPlace(total), perPrompt };
}
