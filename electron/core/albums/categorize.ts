/**
 * Auto-sort: each photo into its single best album among the chosen ones, or Unsorted
 * (albums.md; the seed's CIFAR-100 example). Album logits z_a on the cosine scale (kappa cos,
 * or the probe's logit shifted to that scale: AlbumClassifier.categorizeLogit), softmax over the albums; a photo goes to the argmax when it is a member
 * of that album and the softmax probability is at least MIN_CONFIDENCE, else to Unsorted: a photo
 * that fits two albums equally (a heart and a star) is never forced into one.
 */
import type { AlbumClassifier } from './album-classifier.js';
import type { LibraryMatrix } from './library-matrix.js';

export const MIN_CONFIDENCE = 0.6;
/** An accepted photo outranks any score (cosines are at most 1: kappa * 1 = 100). */
const LABELLED_LOGIT = 1000;

export interface Assignment {
  photoId: number;
  /** Index into the albums given, or null for Unsorted. */
  album: number | null;
  /** Softmax probability of the chosen (or best) album. */
  confidence: number;
  /** Zero-shot cosine to the chosen (or best) album. */
  score: number;
}

export interface CategorizeResult {
  assignments: Assignment[];
}

export function categorizePhotos(classifiers: readonly AlbumClassifier[], matrix: LibraryMatrix): CategorizeResult {
  const assignments: Assignment[] = [];
  for (let r = 0; r < matrix.rows; r++) {
    let best = -1;
    let bestZ = -Infinity;
    const z = classifiers.map((c, a) => {
      // An accepted photo counts as certain for that album, a rejected one as impossible.
      const label = c.labelOf.get(r);
      const v = label === 1 ? LABELLED_LOGIT : label === -1 ? -LABELLED_LOGIT : c.categorizeLogit(r);
      if (v > bestZ) {
        bestZ = v;
        best = a;
      }
      return v;
    });
    let sum = 0;
    for (const v of z) sum += Math.exp(v - bestZ);
    const confidence = sum > 0 ? 1 / sum : 0;
    const winner = classifiers[best];
    const assigned = winner !== undefined && winner.isMember(r) && confidence >= MIN_CONFIDENCE;
    assignments.push({
      photoId: matrix.ids[r] ?? 0,
      album: assigned ? best : null,
      confidence,
      score: winner?.zeroShot[r] ?? 0,
    });
  }
  return { assignments };
}
