/**
 * The membership threshold of a zero-shot album, per album and per model, from the library's own
 * scores (a fixed number does not work across prompts or models: raw CLIP cosines sit in a narrow
 * band that moves with both; albums.md).
 *
 * An album is usually a sizeable part of the library (a sixth of it are hearts), which is where
 * the search cut-off's outlier line fails by design (docs/search-relevance.md: a broad query shows
 * only its top cluster). So: split the sorted scores in two where the between-group variance is
 * largest (Otsu's method on 1-D data); when the two groups stand apart (gap of at least
 * MIN_SEPARATION pooled spreads), a two-Gaussian mixture fitted from that split places the
 * threshold where the high group becomes the likelier one (Otsu's midpoint alone let in the tail
 * of a broad background: "red things" precision 0.78 vs 0.98 with the mixture, fixture model). When they do not (one smooth
 * distribution: nothing or everything matches), fall back to the search cut-off's statistics,
 * which keep only a clear outlier tail.
 */
import { estimateCutoff } from '../search/relevance-cutoff.js';

/** Group gap, in pooled standard deviations, that counts as two populations (measured on the fixture model). */
export const MIN_SEPARATION = 2.5;
/** The smaller side of a split must hold at least this many photos to be a group. */
const MIN_GROUP = 3;
/** A group inside the high group counts only with this much clearer a gap (see calibrateThreshold). */
export const REFINE_SEPARATION = 4;
const MAX_REFINEMENTS = 2;

export interface AlbumThreshold {
  threshold: number;
  method: 'split' | 'outlier' | 'none';
  /** Gap between the groups in pooled spreads (0 when not split). */
  separation: number;
}

export function calibrateThreshold(scores: ArrayLike<number>): AlbumThreshold {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  const split = n >= 2 * MIN_GROUP ? otsuSplit(sorted) : null;
  if (split && split.separation >= MIN_SEPARATION) {
    let threshold = mixtureBoundary(sorted, split.k);
    let separation = split.separation;
    // The high group may itself hold a tighter group far above the rest: with "a circle" over a
    // library of shapes, circles (0.63-0.69) stand apart from hearts and squares (0.40-0.55), which
    // stand apart from everything else (< 0.37); two groups alone kept the hearts in. Only a
    // clearer gap refines, so one album with some spread (red shapes large and small) stays whole.
    for (let depth = 0; depth < MAX_REFINEMENTS; depth++) {
      const from = sorted.findIndex((v) => v >= threshold);
      if (from < 0 || n - from < 2 * MIN_GROUP) break;
      const high = sorted.subarray(from);
      const inner = otsuSplit(high);
      // Refine only to a boundary at least as clear as the one already found: red shapes on a
      // 48-photo library split 0.32-0.50 (a real album with spread) vs < 0.18 at 8 spreads, and
      // the top three red ones at 4 inside it, which is no reason to drop the other nine.
      if (inner.separation < REFINE_SEPARATION || inner.separation < separation) break;
      threshold = mixtureBoundary(high, inner.k);
      separation = inner.separation;
    }
    return { threshold, method: 'split', separation };
  }
  const est = estimateCutoff({ sampleScores: Array.from(sorted), libraryCount: n >= 2 * MIN_GROUP ? n : undefined });
  return { threshold: est.cutoff ?? Number.POSITIVE_INFINITY, method: est.cutoff === null ? 'none' : 'outlier', separation: split?.separation ?? 0 };
}

/**
 * Otsu's split of sorted scores (n >= 2 MIN_GROUP): the first index of the high group, and the
 * gap between the groups' means in pooled standard deviations. Prefix sums make each candidate O(1).
 */
function otsuSplit(sorted: Float64Array): { k: number; separation: number } {
  const n = sorted.length;
  const prefix = new Float64Array(n + 1);
  const prefixSq = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = sorted[i] ?? 0;
    prefix[i + 1] = (prefix[i] ?? 0) + v;
    prefixSq[i + 1] = (prefixSq[i] ?? 0) + v * v;
  }
  const total = prefix[n] ?? 0;
  let best = { k: -1, between: -1 };
  for (let k = MIN_GROUP; k <= n - MIN_GROUP; k++) {
    const lowMean = (prefix[k] ?? 0) / k;
    const highMean = (total - (prefix[k] ?? 0)) / (n - k);
    const between = (k / n) * ((n - k) / n) * (highMean - lowMean) ** 2;
    if (between > best.between) best = { k, between };
  }
  const k = best.k;
  const lowMean = (prefix[k] ?? 0) / k;
  const highMean = (total - (prefix[k] ?? 0)) / (n - k);
  const lowVar = Math.max(0, (prefixSq[k] ?? 0) / k - lowMean * lowMean);
  const highVar = Math.max(0, ((prefixSq[n] ?? 0) - (prefixSq[k] ?? 0)) / (n - k) - highMean * highMean);
  const pooled = Math.sqrt((k * lowVar + (n - k) * highVar) / n);
  return { k, separation: pooled > 0 ? (highMean - lowMean) / pooled : Number.POSITIVE_INFINITY };
}

/**
 * Two-Gaussian mixture fitted by EM from the Otsu split; the threshold is where a photo becomes
 * more likely to belong to the high group than to the low one. Unlike Otsu's midpoint it follows
 * unequal spreads: a broad background and a tight group of matches (measured on the fixture).
 */
function mixtureBoundary(sorted: Float64Array, k: number): number {
  const n = sorted.length;
  let w = (n - k) / n;
  let m0 = 0, m1 = 0, v0 = 0, v1 = 0;
  for (let i = 0; i < k; i++) m0 += sorted[i] ?? 0;
  for (let i = k; i < n; i++) m1 += sorted[i] ?? 0;
  m0 /= k;
  m1 /= n - k;
  for (let i = 0; i < k; i++) v0 += ((sorted[i] ?? 0) - m0) ** 2;
  for (let i = k; i < n; i++) v1 += ((sorted[i] ?? 0) - m1) ** 2;
  v0 = Math.max(v0 / k, 1e-6);
  v1 = Math.max(v1 / (n - k), 1e-6);
  const resp = new Float64Array(n);
  const logN = (x: number, m: number, v: number): number => -0.5 * Math.log(2 * Math.PI * v) - ((x - m) ** 2) / (2 * v);
  for (let it = 0; it < 100; it++) {
    let r1 = 0;
    for (let i = 0; i < n; i++) {
      const x = sorted[i] ?? 0;
      const a = Math.log(1 - w) + logN(x, m0, v0);
      const b = Math.log(w) + logN(x, m1, v1);
      const r = 1 / (1 + Math.exp(a - b));
      resp[i] = r;
      r1 += r;
    }
    const r0 = n - r1;
    if (r1 < 1 || r0 < 1) break;
    let s0 = 0, s1 = 0;
    for (let i = 0; i < n; i++) {
      s0 += (1 - (resp[i] ?? 0)) * (sorted[i] ?? 0);
      s1 += (resp[i] ?? 0) * (sorted[i] ?? 0);
    }
    const nm0 = s0 / r0, nm1 = s1 / r1;
    let q0 = 0, q1 = 0;
    for (let i = 0; i < n; i++) {
      q0 += (1 - (resp[i] ?? 0)) * ((sorted[i] ?? 0) - nm0) ** 2;
      q1 += (resp[i] ?? 0) * ((sorted[i] ?? 0) - nm1) ** 2;
    }
    const done = Math.abs(nm0 - m0) + Math.abs(nm1 - m1) < 1e-9;
    m0 = nm0; m1 = nm1; v0 = Math.max(q0 / r0, 1e-6); v1 = Math.max(q1 / r1, 1e-6); w = r1 / n;
    if (done) break;
  }
  // The boundary between the means where both weighted densities are equal (scan the sorted scores).
  for (let i = 0; i < n; i++) {
    const x = sorted[i] ?? 0;
    if (x <= m0) continue;
    if (Math.log(w) + logN(x, m1, v1) >= Math.log(1 - w) + logN(x, m0, v0)) return i > 0 ? ((sorted[i - 1] ?? x) + x) / 2 : x;
  }
  return ((sorted[k - 1] ?? 0) + (sorted[k] ?? 0)) / 2;
}
