/**
 * Why a photo is in an album or not, plain words first and numbers second (albums.md "Why"):
 * the user's own label, an exclusion that fired, the classifier's verdict with its score vs the
 * threshold, the closest describing prompt, and the closest accepted / rejected photo.
 */
import type { AlbumRecord } from '../store/album-store.js';
import type { AlbumClassifier } from './album-classifier.js';
import type { LibraryMatrix } from './library-matrix.js';
import { dotRow } from './vector-ops.js';

export interface AlbumWhy {
  member: boolean;
  text: string;
  score: number;
  threshold: number;
  probability: number;
  learned: boolean;
  closestPrompt: { prompt: string; score: number } | null;
  closestAccepted: { photoId: number; path: string; similarity: number } | null;
  closestRejected: { photoId: number; path: string; similarity: number } | null;
  exclusion: { prompt: string; score: number } | null;
  label: 'accepted' | 'rejected' | null;
}

const f2 = (n: number): string => n.toFixed(2);

function closestLabelled(c: AlbumClassifier, matrix: LibraryMatrix, row: number, label: 1 | -1, pathOf: (id: number) => string | undefined) {
  let best: { photoId: number; path: string; similarity: number } | null = null;
  const v = matrix.vector(row);
  for (const [r, l] of c.labelOf) {
    if (l !== label || r === row) continue;
    const similarity = dotRow(matrix.matrix, r, v);
    const photoId = matrix.ids[r] ?? 0;
    const path = pathOf(photoId);
    if (path && (!best || similarity > best.similarity)) best = { photoId, path, similarity };
  }
  return best;
}

export function explainMembership(
  album: AlbumRecord,
  c: AlbumClassifier,
  matrix: LibraryMatrix,
  row: number,
  pathOf: (id: number) => string | undefined,
): AlbumWhy {
  const score = c.zeroShot[row] ?? 0;
  const threshold = c.effectiveThreshold();
  const probability = c.probability(row);
  const learned = c.probe !== null;
  const label = c.labelOf.get(row);
  const exclusionIndex = c.exclusionOf(row);
  const exclusionVector = c.input.exclusions[exclusionIndex];
  const exclusion =
    exclusionIndex >= 0 && exclusionVector ? { prompt: album.exclude[exclusionIndex] ?? '', score: dotRow(matrix.matrix, row, exclusionVector) } : null;
  let closestPrompt: { prompt: string; score: number } | null = null;
  for (const [i, prompt] of album.include.entries()) {
    const v = c.input.text.perPrompt[i];
    if (!v) continue;
    const s = dotRow(matrix.matrix, row, v);
    if (!closestPrompt || s > closestPrompt.score) closestPrompt = { prompt, score: s };
  }
  const closestAccepted = closestLabelled(c, matrix, row, 1, pathOf);
  const closestRejected = closestLabelled(c, matrix, row, -1, pathOf);
  const member = c.isMember(row);
  let text: string;
  if (label === 1) text = 'You accepted this photo into the album.';
  else if (label === -1) text = 'You rejected this photo from the album.';
  else if (exclusion) text = `Kept out: it matches the exclusion "${exclusion.prompt}" (${f2(exclusion.score)}) better than the album (${f2(score)}).`;
  else if (learned) {
    const like = member ? closestAccepted : closestRejected;
    text = member
      ? `Suggested: the album learned from your choices and gives it ${Math.round(probability * 100)} %.`
      : `Not in the album: the album learned from your choices and gives it ${Math.round(probability * 100)} %.`;
    if (like) text += ` Most like ${member ? 'a photo you accepted' : 'a photo you rejected'} (${f2(like.similarity)}).`;
  } else {
    text = member
      ? `Suggested: its score ${f2(score)} is above the album's threshold ${f2(threshold)}.`
      : `Not in the album: its score ${f2(score)} is below the album's threshold ${f2(threshold)}.`;
    if (closestPrompt && album.include.length > 1) text += ` Closest prompt: "${closestPrompt.prompt}" (${f2(closestPrompt.score)}).`;
  }
  return {
    member,
    text,
    score,
    threshold,
    probability,
    learned,
    closestPrompt,
    closestAccepted,
    closestRejected,
    exclusion,
    label: label === 1 ? 'accepted' : label === -1 ? 'rejected' : null,
  };
}
