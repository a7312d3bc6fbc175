/**
 * The style preview's CLIP scores in plain words (issue 11: "looks 38 % more like 'warm vintage
 * film'", "keeps 91 % of the photo"). `before` and `after` are cosines of the photo and of the
 * preview with the look's words; the change is relative to `before`, the way "more like" reads.
 */
import type { StyleScoresDto } from '../../../electron/contract/style-dto.js';

/**
 * CLIP cosines of a photo with a caption sit around 0.2-0.35 for real models but can be near zero
 * for a small one (the fixture); below this the relative change would read as thousands of percent.
 */
const SMALLEST_BASE = 0.05;

export function lookChangeInWords(scores: StyleScoresDto, prompt: string): string {
  const percent = Math.round((100 * (scores.after - scores.before)) / Math.max(Math.abs(scores.before), SMALLEST_BASE));
  if (percent > 0) return `Looks ${percent} % more like “${prompt}”`;
  if (percent < 0) return `Looks ${-percent} % less like “${prompt}”`;
  return `Looks about as much like “${prompt}” as the photo did`;
}

export function contentKeptInWords(scores: StyleScoresDto): string {
  const percent = Math.round(100 * Math.min(1, Math.max(0, scores.content)));
  return `Keeps ${percent} % of the photo`;
}
