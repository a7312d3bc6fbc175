/**
 * Relevance cut-off from the query's own score distribution.
 *
 * Why: CLIP cosines are not calibrated across queries: a strong match for "dog" may score 0.30
 * while junk for "sunset over mountains" scores 0.25, so any fixed threshold hides good results for
 * one query and shows junk for another.
 *
 * Method: score the query against a sample of the library (up to 2,000 vectors spread over the
 * table) and treat that as the background distribution, most of which is not relevant. Estimate
 * its centre and spread robustly (median and MAD x 1.4826, which stay put when up to half of the
 * sample does match), and keep only hits scoring more than `z` robust standard deviations above
 * the median. A query that matches nothing has no such outliers, so nothing is shown.
 *
 * Limits (documented, not hidden): when more than about half of the library matches the query,
 * the matches are the background and the cut-off hides too much; with fewer than MIN_SAMPLE
 * vectors no distribution can be estimated and no cut-off is applied. The UI offers
 * "show weaker matches" (CLI: --all) for both cases.
 */
export const DEFAULT_CUTOFF_Z = 3;
export const MIN_SAMPLE = 12;

export interface CutoffEstimate {
  /** Score threshold, or null when there is too little data to estimate one. */
  cutoff: number | null;
  median: number;
  spread: number;
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = Math.floor(n / 2);
  const a = sorted[mid] ?? 0;
  return n % 2 === 1 ? a : ((sorted[mid - 1] ?? a) + a) / 2;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}

export function estimateCutoff(sampleScores: readonly number[], z: number = DEFAULT_CUTOFF_Z): CutoffEstimate {
  const sorted = [...sampleScores].sort((x, y) => x - y);
  const med = median(sorted);
  const deviations = sorted.map((s) => Math.abs(s - med)).sort((x, y) => x - y);
  // 1.4826 makes the MAD estimate the standard deviation of a normal distribution.
  const spread = 1.4826 * median(deviations);
  if (sorted.length < MIN_SAMPLE) return { cutoff: null, median: med, spread };
  // A degenerate sample (all scores equal) would make every tiny difference an outlier.
  const floor = 1e-4;
  return { cutoff: med + z * Math.max(spread, floor), median: med, spread };
}
