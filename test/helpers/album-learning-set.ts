/**
 * The scene set the album learning curve is measured on (issue 9: "Favourites" / "nice" learning
 * "large stars on grass"), shared by test/integration/cli-albums.test.ts and
 * tools/bench/album-learning-bench.ts so the benchmark's figures are of the test's very set, and
 * the precision / recall both compute.
 */
import { chooseScenes, type PlannedScene } from './render-scenes.js';

export const isLargeStarOnGrass = (s: Pick<PlannedScene, 'objects' | 'background'>): boolean =>
  s.background === 'grass' && s.objects.some((o) => o.shape === 'star' && o.size === 'large');

export interface LearningSceneGroups {
  /** 240 scenes of anything else. */
  random: PlannedScene[];
  /** 30 scenes with a large star on grass. */
  targets: PlannedScene[];
  /** 30 look-alikes a user would reject: stars on grass that are not large, large stars elsewhere. */
  lookalikes: PlannedScene[];
}

export function learningSceneGroups(firstSeed: number): LearningSceneGroups {
  const [random, targets, lookalikes] = chooseScenes(
    [
      { count: 240, accept: (s) => !isLargeStarOnGrass(s) },
      { count: 30, accept: isLargeStarOnGrass },
      { count: 30, accept: (s) => !isLargeStarOnGrass(s) && (s.facts.includes('bs:grass star') || s.facts.some((f) => /^zcs:large .* star$/.test(f))) },
    ],
    firstSeed,
  );
  return { random: random ?? [], targets: targets ?? [], lookalikes: lookalikes ?? [] };
}

/** Precision, recall and F1 of `members` against `relevant`, both counted inside `universe` only. */
export function precisionRecall<T>(members: ReadonlySet<T>, relevant: ReadonlySet<T>, universe: readonly T[]) {
  const inU = new Set(universe);
  const m = [...members].filter((p) => inU.has(p));
  const r = [...relevant].filter((p) => inU.has(p));
  const tp = m.filter((p) => relevant.has(p)).length;
  const precision = m.length > 0 ? tp / m.length : 0;
  const recall = r.length > 0 ? tp / r.length : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, members: m.length, relevant: r.length };
}

export interface Corrections<T> {
  accept: T[];
  reject: T[];
}

/**
 * One round of a user correcting an album (issue 9: "fix wrong suggestions"): they reject the
 * `n` wrong photos the album shows highest, and accept `n` photos that belong but the album
 * missed, in the order they come across them (`wanted`), topping up with members they confirm
 * when fewer were missed. `shown`: the album's unlabelled members, highest score first.
 */
export function chooseCorrections<T>(
  shown: readonly T[],
  wanted: readonly T[],
  options: { n: number; belongs: (p: T) => boolean; labelled: ReadonlySet<T> },
): Corrections<T> {
  const { n, belongs, labelled } = options;
  const inAlbum = new Set(shown);
  const open = wanted.filter((p) => !labelled.has(p));
  return {
    reject: shown.filter((p) => !labelled.has(p) && !belongs(p)).slice(0, n),
    accept: [...open.filter((p) => !inAlbum.has(p)), ...open.filter((p) => inAlbum.has(p))].slice(0, n),
  };
}
