/**
 * Relevance cut-off for image queries ("more like this", `recollect similar`).
 *
 * Why its own: image-to-image cosines spread far wider than text-to-image ones (measured on the
 * public corpus with the shapes model: median 0.70, robust spread 0.21 for one photo's scores,
 * against ~0.02 for a text query), so the text gate (best hit 1.5 spreads above the median) hid
 * even a byte copy scoring 1.000. And a copy is not background: left in the statistics, or used as
 * `top`, it narrows the top band down to the copies alone.
 *
 * Method: the caller leaves the query photo out of the sample. Photos at NEAR_IDENTICAL or above
 * (copies, re-encodes, resizes) always show and are left out of the statistics and of `top`; the
 * rest get the text method (relevance-cutoff.ts) with IMAGE_TUNING, measured by
 * tools/search-calibration/image-queries.ts (numbers in docs/search-relevance.md). When nothing
 * but copies stands out, only the copies show.
 */
import { estimateCutoff, GATE_Z, TOP_BAND, type CutoffEstimate, type CutoffInput, type CutoffTuning } from './relevance-cutoff.js';

/**
 * Cosine at which two photos count as the same picture. Measured with the shapes model on 300
 * rendered photos (tools/search-calibration/image-queries.ts): byte copies and re-encoded
 * half-size JPEGs (quality 60) score >= 0.9986 against their original, while the closest two
 * distinct photos reach 0.9829.
 */
export const NEAR_IDENTICAL = 0.99;

/**
 * Same gate and band as text queries: on the rendered photos, with copies and the query photo
 * out of the statistics, the gate never bound for gates 0 to 1.5, and bands 0.05 / 0.15 / 0.2 traded
 * precision for recall as for text (0.66/0.12, 0.59/0.21, 0.55/0.26); nothing argued for other values.
 */
export const IMAGE_TUNING: CutoffTuning = { gateZ: GATE_Z, band: TOP_BAND };

export function estimateImageCutoff(input: CutoffInput, tuning: CutoffTuning = IMAGE_TUNING): CutoffEstimate {
  const background = input.sampleScores.filter((s) => s < NEAR_IDENTICAL);
  const top = input.top !== undefined && input.top < NEAR_IDENTICAL ? input.top : undefined;
  const estimate = estimateCutoff({ sampleScores: background, top, libraryCount: input.libraryCount }, tuning);
  if (estimate.cutoff === null) return estimate;
  return { ...estimate, cutoff: Math.min(estimate.cutoff, NEAR_IDENTICAL) };
}
