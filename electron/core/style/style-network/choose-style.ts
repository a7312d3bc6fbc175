/**
 * Which installed style a preview uses. In order: a style named by the prompt (id or name); with a
 * prompt and a CLIP model, the style that best fits the prompt; the style the settings name; the
 * first one. "Best fits" adds two votes, each standardised across the installed styles so neither
 * scale dominates: the CLIP similarity of the prompt to the style applied to this very photo at
 * CLIP's input size (what the user will see), and to the style's description (when it has one).
 */
import type { ClipModel } from '../../embed/clip-model.js';
import { cosineSimilarity } from '../../embed/vector-math.js';
import { rgbAsOpenedImage } from '../style-raster.js';
import { findStyle, type InstalledStyle, type StyleCatalog } from './style-catalog.js';
import type { RawRgb } from './style-network.js';

export interface StyleChoice {
  style: InstalledStyle;
  by: 'prompt-names-it' | 'prompt' | 'setting' | 'first';
  /** With by 'prompt': each style's combined vote (higher fits better). */
  votes?: Record<string, number>;
}

export interface ChooseStyleInput {
  catalog: StyleCatalog;
  prompt: string;
  defaultStyle?: string;
  clip?: ClipModel;
  /** The photo at CLIP size with one style applied (the caller runs the network). */
  styledSample?: (style: InstalledStyle) => Promise<RawRgb>;
}

/** z-scores of the values (all 0 when they do not differ). */
function standardise(values: readonly number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return values.map((v) => (sd > 1e-9 ? (v - mean) / sd : 0));
}

async function votesByClip(clip: ClipModel, styles: readonly InstalledStyle[], prompt: string, sample?: ChooseStyleInput['styledSample']): Promise<number[]> {
  const described = styles.filter((s) => s.description);
  const [text, ...descriptions] = await clip.encodeTexts([prompt, ...described.map((s) => s.description ?? '')]);
  if (!text) throw new Error('CLIP returned no text embedding');
  const votes = styles.map(() => 0);
  if (described.length > 1) {
    const sims = styles.map((s) => {
      const e = descriptions[described.indexOf(s)];
      return e ? cosineSimilarity(e, text) : 0;
    });
    standardise(sims).forEach((z, i) => (votes[i] = (votes[i] ?? 0) + z));
  }
  if (sample) {
    const pixels = [];
    for (const style of styles) pixels.push(await clip.preprocess(rgbAsOpenedImage(await sample(style), style.id)));
    const images = await clip.encodeImages(pixels);
    standardise(images.map((e) => cosineSimilarity(e, text))).forEach((z, i) => (votes[i] = (votes[i] ?? 0) + z));
  }
  return votes;
}

export async function chooseStyle(input: ChooseStyleInput): Promise<StyleChoice> {
  const { catalog, prompt } = input;
  const first = catalog.styles[0];
  if (!first) throw new Error('chooseStyle: the catalog has no styles');
  const named = prompt.trim() ? findStyle(catalog, prompt) : undefined;
  if (named) return { style: named, by: 'prompt-names-it' };
  if (prompt.trim() && input.clip && catalog.styles.length > 1) {
    const votes = await votesByClip(input.clip, catalog.styles, prompt, input.styledSample);
    let best = 0;
    votes.forEach((v, i) => (v > (votes[best] ?? -Infinity) ? (best = i) : undefined));
    const style = catalog.styles[best] ?? first;
    return { style, by: 'prompt', votes: Object.fromEntries(catalog.styles.map((s, i) => [s.id, Number((votes[i] ?? 0).toFixed(3))])) };
  }
  const setting = input.defaultStyle ? findStyle(catalog, input.defaultStyle) : undefined;
  return setting ? { style: setting, by: 'setting' } : { style: first, by: 'first' };
}
