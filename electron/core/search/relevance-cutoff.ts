/**
 * Relevance cut-off from the query's own score distribution.
 *
 * Why: CLIP cosines are not calibrated across queries: a strong match for "dog" may score 0.30
 * while junk for "sunset over mountains" scores 0.25, so any fixed threshold hides good results
 * for one query and shows junk for another.
 *
 * Method. Score the query against a sample of the library (up to 2,000 vectors spread over the
 * table): that is the background distribution, most of which is not relevant. Estimate its centre
 * m and spread s robustly (median, and MAD x 1.4826, which stay put when up to half the sample
 * matches). Let `top` be the best score in the whole library (from the KNN). Then:
 *  1. Gate: if top is less than GATE_Z spreads above m, nothing stands out from the background:
 *     hide everything (a query that matches nothing shows nothing).
 *  2. Otherwise keep a hit when it reaches either
 *     - the outlier line m + sqrt(2 ln N) * s, N = photos in the library: for a Gaussian
 *       background that is where the largest of N unrelated photos is expected to land, so
 *       unrelated photos rarely pass it whatever the library size (extreme-value reasoning); or
 *     - the top cluster line top - TOP_BAND * (top - m): hits about as good as the best one.
 *     The lower of the two lines is the cut-off.
 * GATE_Z and TOP_BAND were chosen on our shapes fixture model (300 photos; numbers and the
 * alternatives tried are in docs/search-relevance.md): 60 colour+shape queries get precision 0.72 /
 * recall 0.75 at the cut-off (a plain 3-sigma line: 1.00 / 0.03; 2 sigma: 0.59 / 0.83), and queries
 * about things the model never saw show about 5 photos instead of a full page.
 *
 * Limits (documented, not hidden): when a large part of the library matches the query (a third
 * of it or more, e.g. "a star" among shapes), the matches are the background and only the top
 * cluster is shown (recall 0.14 there); with fewer than MIN_SAMPLE
 * vectors no distribution can be estimated and no cut-off is applied. The UI offers
 * "show weaker matches" (CLI: --all) for both cases.
 */
export const GATE_Z = 1.5;
export const TOP_BAND = 0.15;
export const MIN_SAMPLE = 12;
/**
 * Negative terms ("beach -people") use a looser line: someone who typed -people wants no people,
 * even where people are only a weak match, so any photo that leans towards the term by more than
 * NEGATIVE_Z robust spreads goes. Measured on the shapes model for "-blue": every photo with a blue
 * object scores above this line and 98% of the others below it.
 */
export const NEGATIVE_Z = 2;

export interface CutoffEstimate {
  /** Score threshold, or null when there is too little data to estimate one. */
  cutoff: number | null;
  median: number;
  spread: number;
}

export interface CutoffInput {
  /** Query scores of the library sample. */
  sampleScores: readonly number[];
  /** Best score in the whole library (defaults to the sample's best). */
  top?: number;
  /** Photos in the library (defaults to the sample size). */
  libraryCount?: number;
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = Math.floor(n / 2);
  const a = sorted[mid] ?? 0;
  return n % 2 === 1 ? a : ((sorted[mid - 1] ?? a) + a) / 2;
}

/** Unrolled x4: the cut-off scores 2,000 sample vectors per query, ~2x faster than one sum here. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = Math.min(a.length, b.length);
  const end = n - (n % 4);
  let i = 0;
  for (; i < end; i += 4) {
    s0 += (a[i] ?? 0) * (b[i] ?? 0);
    s1 += (a[i + 1] ?? 0) * (b[i + 1] ?? 0);
    s2 += (a[i + 2] ?? 0) * (b[i + 2] ?? 0);
    s3 += (a[i + 3] ?? 0) * (b[i + 3] ?? 0);
  }
  for (; i < n; i++) s0 += (a[i] ?? 0) * (b[i] ?? 0);
  return s0 + s1 + s2 + s3;
}

export function robustCentreAndSpread(scores: readonly number[]): { m: number; mad: number; n: number } {
  const sorted = [...scores].sort((x, y) => x - y);
  const m = median(sorted);
  // 1.4826 makes the MAD estimate the standard deviation of a normal distribution.
  const mad = 1.4826 * median(sorted.map((s) => Math.abs(s - m)).sort((x, y) => x - y));
  return { m, mad, n: sorted.length };
}

/** Score above which a photo counts as showing a negative term; null with too little data. */
export function estimateNegativeCutoff(sampleScores: readonly number[]): number | null {
  const { m, mad, n } = robustCentreAndSpread(sampleScores);
  return n < MIN_SAMPLE ? null : m + NEGATIVE_Z * Math.max(mad, 1e-4);
}

/** Gate and top band of one kind of query (text here; image queries: image-relevance-cutoff.ts). */
export interface CutoffTuning {
  gateZ: number;
  band: number;
}

export function estimateCutoff(input: CutoffInput, tuning: CutoffTuning = { gateZ: GATE_Z, band: TOP_BAND }): CutoffEstimate {
  const { m, mad, n: size } = robustCentreAndSpread(input.sampleScores);
  if (size < MIN_SAMPLE) return { cutoff: null, median: m, spread: mad };
  // A degenerate sample (all scores equal) would make every tiny difference an outlier.
  const s = Math.max(mad, 1e-4);
  const top = Math.max(input.top ?? -Infinity, ...input.sampleScores);
  if ((top - m) / s < tuning.gateZ) return { cutoff: top + 1e-6, median: m, spread: mad };
  const n = Math.max(2, input.libraryCount ?? size);
  const outlierLine = m + Math.sqrt(2 * Math.log(n)) * s;
  const topBand = top - tuning.band * (top - m);
  return { cutoff: Math.min(outlierLine, topBand), median: m, spread: mad };
}
