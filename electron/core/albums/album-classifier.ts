/**
 * One album's classifier under one model (derived data, rebuilt from the user data at any time):
 * zero-shot scores from the prompt ensemble, the calibrated threshold, exclusions, and a linear
 * probe trained on the user's labels that starts at the zero-shot rule (linear-probe.ts).
 *   member = accepted OR (not rejected AND not excluded AND classifier says yes)
 * where, until the first rejection, "classifier says yes" is the probe OR the zero-shot rule.
 */
import { calibrateThreshold, type AlbumThreshold } from './album-threshold.js';
import type { EnsembleVectors } from './prompt-ensemble.js';
import type { LibraryMatrix } from './library-matrix.js';
import { sigmoid, trainProbe, type Probe, type ProbeExample } from './linear-probe.js';
import { dotRow, scoreRows } from './vector-ops.js';

/**
 * Logit scale kappa: CLIP's trained logit scale is 100 (exp of its clipped log scale, CLIP paper
 * section 2.5); the exported towers do not carry it, so the published value is used for every model.
 */
export const LOGIT_SCALE = 100;
/** A photo is pushed out when it matches an exclusion better than the album by this margin. */
export const EXCLUDE_MARGIN = 0.0;
/**
 * Prior strength and pseudo-label weights, chosen on the learning curve of
 * test/integration/cli-albums.test.ts ("Favourites" learning large stars on grass; fixture model):
 * F1 after 10 + 10 labels for lambda 0.03 / 0.01 / 0.003 / 0.001 / 0.0003 (weak-negative weight 3):
 * 0.38 / 0.55 / 0.73 / 0.85 / 0.74; weight 1 / 2 / 3 / 5 at lambda 0.001: - / 0.86 / 0.85 / 0.78.
 * The prior is weak because w0 = kappa t has norm 100: a handful of labels must be able to move it.
 * The tuning set is the test's own, so these are tuned, not held-out, figures.
 */
export const PROBE_LAMBDA = 0.001;
export const PROBE_LAMBDA_BIAS = 0.01;
/** Unlabelled photos used as weak negatives, and the weight of all of them together relative to one labelled photo. */
export const WEAK_NEGATIVES = 256;
export const WEAK_NEGATIVE_TOTAL_WEIGHT = 2;
export const WEAK_POSITIVE_TOTAL_WEIGHT = 5;

export interface LabelledRow {
  row: number;
  label: 1 | -1;
}

/** What the album's words alone decide over one matrix: unchanged by a correction. */
export interface ZeroShotPart {
  readonly zeroShot: Float32Array;
  readonly threshold: AlbumThreshold;
  readonly excludedBy: Int16Array;
}

export interface AlbumClassifierInput {
  text: EnsembleVectors;
  exclusions: readonly Float32Array[];
  matrix: LibraryMatrix;
  labels: readonly LabelledRow[];
  /**
   * The zero-shot part of an earlier classifier with the same words and matrix: a correction then
   * costs the probe and one pass over the library instead of three.
   */
  reuse?: ZeroShotPart;
}

export class AlbumClassifier implements ZeroShotPart {
  readonly zeroShot: Float32Array;
  readonly threshold: AlbumThreshold;
  readonly probe: Probe | null;
  /** Per row: the logit the membership and categorize use (probe, else kappa (s - theta)). */
  readonly logits: Float32Array;
  readonly excludedBy: Int16Array;
  readonly labelOf: Map<number, 1 | -1>;

  constructor(readonly input: AlbumClassifierInput) {
    const { matrix, text } = input;
    this.zeroShot = input.reuse?.zeroShot ?? scoreRows(matrix.matrix, matrix.rows, text.vector);
    this.threshold = input.reuse?.threshold ?? calibrateThreshold(this.zeroShot);
    this.labelOf = new Map(input.labels.map((l) => [l.row, l.label]));
    this.excludedBy = input.reuse?.excludedBy ?? this.findExclusions();
    this.probe = input.labels.length > 0 ? this.train() : null;
    this.logits = new Float32Array(matrix.rows);
    const theta = this.effectiveThreshold();
    // Accepted photos only (no rejection yet): the user has said "these too", never "not those",
    // so the album keeps what its words found and adds what the probe learned. Without this, two
    // accepted near-misses in "Red things" (an orange cross, a pink star) took 8 of its 12 red
    // shapes out (albums e2e, fixture model): the probe alone learned the two accepted photos.
    const keepWords = input.labels.length > 0 && input.labels.every((l) => l.label === 1);
    const learned = this.probe ? scoreRows(matrix.matrix, matrix.rows, this.probe.w, this.probe.b) : null;
    for (let r = 0; r < matrix.rows; r++) {
      const words = LOGIT_SCALE * ((this.zeroShot[r] ?? 0) - theta);
      const l = learned?.[r];
      this.logits[r] = l === undefined ? words : keepWords ? Math.max(l, words) : l;
    }
  }

  /** The threshold as a number (an album that matches nothing sits just above the best score). */
  effectiveThreshold(): number {
    if (Number.isFinite(this.threshold.threshold)) return this.threshold.threshold;
    let top = -1;
    for (const s of this.zeroShot) top = Math.max(top, s);
    return top + 0.01;
  }

  /**
   * The logit on the cosine scale that categorize compares across albums: kappa * cos for a
   * zero-shot album (CLIP's own classification logits, as in the seed's CIFAR-100 example), and
   * the probe's logit shifted by the same kappa * theta for a learned one. Per-album thresholds are
   * left out of the comparison: they say where one album's members end, not which album fits best.
   */
  categorizeLogit(row: number): number {
    return (this.logits[row] ?? -Infinity) + LOGIT_SCALE * this.effectiveThreshold();
  }

  probability(row: number): number {
    return sigmoid(this.logits[row] ?? -Infinity);
  }

  isMember(row: number): boolean {
    const label = this.labelOf.get(row);
    if (label === 1) return true;
    if (label === -1) return false;
    if ((this.excludedBy[row] ?? -1) >= 0) return false;
    return (this.logits[row] ?? -Infinity) > 0;
  }

  /** Index of the exclusion prompt that keeps this row out, or -1. */
  exclusionOf(row: number): number {
    return this.excludedBy[row] ?? -1;
  }

  private findExclusions(): Int16Array {
    const { matrix, exclusions } = this.input;
    const out = new Int16Array(matrix.rows).fill(-1);
    exclusions.forEach((u, j) => {
      for (let r = 0; r < matrix.rows; r++) {
        if ((out[r] ?? -1) < 0 && dotRow(matrix.matrix, r, u) > (this.zeroShot[r] ?? 0) + EXCLUDE_MARGIN) out[r] = j;
      }
    });
    return out;
  }

  private train(): Probe {
    const { matrix, labels, text } = this.input;
    const positives = labels.filter((l) => l.label === 1);
    const negatives = labels.filter((l) => l.label === -1);
    const examples: ProbeExample[] = [];
    // Each class weighs as much as half of the labels, however lopsided the labels are.
    const classWeight = labels.length / 2;
    for (const l of positives) examples.push({ x: matrix.vector(l.row), y: 1, c: classWeight / positives.length });
    for (const l of negatives) examples.push({ x: matrix.vector(l.row), y: -1, c: classWeight / negatives.length });
    const theta = this.effectiveThreshold();
    // Pseudo-labels from the zero-shot rule on a spread-out sample of unlabelled photos: weak
    // positives above the threshold, weak negatives below (the positive-unlabelled trick, made
    // two-sided so that rejections alone cannot push the whole album out).
    const weakPos: number[] = [];
    const weakNeg: number[] = [];
    const step = Math.max(1, Math.floor(matrix.rows / WEAK_NEGATIVES));
    for (let r = 0; r < matrix.rows; r += step) {
      if (this.labelOf.has(r)) continue;
      weakNeg.push(r);
      if ((this.zeroShot[r] ?? 0) > theta) weakPos.push(r);
    }
    // Accepted photos replace the zero-shot rule as the positive class (a smooth decay, w / (1 + n)^2,
    // still held "nice" at F1 0.55 after 10 + 10 labels: the rule's members were junk there); with
    // rejections only, the rule's members stand in for them, so rejections carve the album instead
    // of emptying it (without them 3 rejected red triangles took 32 of 42 red shapes out too).
    const posWeight = positives.length === 0 ? WEAK_POSITIVE_TOTAL_WEIGHT : 0;
    for (const r of weakPos) examples.push({ x: matrix.vector(r), y: 1, c: posWeight / weakPos.length });
    for (const r of weakNeg) examples.push({ x: matrix.vector(r), y: -1, c: WEAK_NEGATIVE_TOTAL_WEIGHT / weakNeg.length });
    return trainProbe(examples, {
      w0: text.vector.map((v) => v * LOGIT_SCALE),
      b0: -LOGIT_SCALE * theta,
      lambda: PROBE_LAMBDA,
      lambdaBias: PROBE_LAMBDA_BIAS,
    });
  }
}
