/**
 * CLIP scores of a style result (StyleScores in style-provider.ts) for providers that do not
 * compute them during their own search: the photo and the result each embedded once, the prompt
 * and a neutral prompt embedded once. Directional score as in StyleGAN-NADA (Gal et al. 2021):
 * cos(normalize(E(after) − E(before)), normalize(E(prompt) − E(neutral))).
 */
import { neutralPromptOf, type ClipModel } from '../embed/clip-model.js';
import { cosineSimilarity, l2Normalize } from '../embed/vector-math.js';
import type { StyleScores } from './style-provider.js';
import type { RawRgb } from './style-network/style-network.js';
import { rgbAsOpenedImage } from './style-raster.js';

function difference(a: Float32Array, b: Float32Array): Float32Array {
  return l2Normalize(a.map((v, i) => v - (b[i] ?? 0)));
}

export async function measureStyleScores(clip: ClipModel, original: RawRgb, styled: RawRgb, prompt: string): Promise<StyleScores> {
  const pixels = await Promise.all([clip.preprocess(rgbAsOpenedImage(original, 'original')), clip.preprocess(rgbAsOpenedImage(styled, 'styled'))]);
  const [before, after] = await clip.encodeImages(pixels);
  // The neutral side of the directional score: what a photo is, in the model's words, before any look is asked for.
  const [text, neutral] = await clip.encodeTexts([prompt, neutralPromptOf(clip)]);
  if (!before || !after || !text || !neutral) throw new Error('CLIP returned fewer embeddings than asked for');
  const moved = after.some((v, i) => v !== before[i]);
  return {
    before: cosineSimilarity(before, text),
    after: cosineSimilarity(after, text),
    content: cosineSimilarity(after, before),
    ...(moved ? { directional: cosineSimilarity(difference(after, before), difference(text, neutral)) } : {}),
  };
}
