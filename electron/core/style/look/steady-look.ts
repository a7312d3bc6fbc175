/**
 * The last step of the look search: a look whose similarity to the prompt grows steadily along
 * the strength slider. `strength` walks the ray from identity to the found look (look-recipe.ts
 * scaleRecipe), and the best point of a search can lie past a dip: a hue turn of 150 degrees
 * passes other colours on its way, so 25 % of it may look less like "a blue shape" than the photo
 * (measured on the fixture: 3 of 12 previews dipped or stalled before this step). So the best few
 * looks are checked at the slider's steps (one batch) and the fittest steady one wins; when none
 * is steady, the look that rises longest is cut where it stops rising.
 */
import type { LookScore } from './look-objective.js';

export interface ScoredLook {
  point: Float64Array;
  score: LookScore;
}

/** The slider steps below 1 that are checked (1 is the look itself). */
export const RAY_STEPS = [0.25, 0.5, 0.75] as const;
const CANDIDATES = 6;
/** Looks chooseSteadyLook embeds at most: the search keeps time for them inside its budget. */
export const STEADY_EVALUATIONS = CANDIDATES * RAY_STEPS.length;
/** A step must add this much similarity to count as rising: clear of the small differences between the search size and the preview size (grain, blur). */
const RISE = 0.002;

function distinctBest(archive: readonly ScoredLook[], identity: ScoredLook | undefined): ScoredLook[] {
  const out: ScoredLook[] = [];
  for (const look of [...archive].sort((a, b) => b.score.fitness - a.score.fitness)) {
    if (identity && look.score.fitness <= identity.score.fitness) break;
    if (out.some((o) => o.point.every((v, j) => Math.abs(v - (look.point[j] ?? 0)) < 1e-6))) continue;
    out.push(look);
    if (out.length === CANDIDATES) break;
  }
  return out;
}

export async function chooseSteadyLook(archive: readonly ScoredLook[], evaluate: (points: readonly Float64Array[]) => Promise<LookScore[]>): Promise<ScoredLook> {
  // The archive starts with the starting looks, identity first.
  const identity = archive.find((a) => a.point.every((v) => v === 0));
  const fallback = identity ?? archive[0];
  if (!fallback) throw new Error('the look search evaluated nothing');
  const candidates = distinctBest(archive, identity);
  if (candidates.length === 0) return fallback;
  const rays = candidates.flatMap((c) => RAY_STEPS.map((t) => c.point.map((u) => u * t)));
  const scores = await evaluate(rays);
  const base = identity?.score.similarity ?? -Infinity;
  const steps = candidates.map((c, k) => {
    const along = RAY_STEPS.map((_, i) => scores[k * RAY_STEPS.length + i]);
    const sims = [base, ...along.map((s) => s?.similarity ?? -Infinity), c.score.similarity];
    const directions = [1, ...along.map((s) => s?.directional ?? -1), c.score.directional];
    let rising = 0;
    // Rising: more like the prompt, and changed in the prompt's direction (not merely changed).
    while (rising + 1 < sims.length && (sims[rising + 1] ?? -Infinity) > (sims[rising] ?? Infinity) + RISE && (directions[rising + 1] ?? -1) > 0) rising++;
    return rising;
  });
  const steady = candidates.findIndex((_, k) => steps[k] === RAY_STEPS.length + 1);
  const pick = candidates[steady];
  if (pick) return pick;
  // None steady: the look that rises longest (the fitter one on a tie), cut where it stops rising;
  // identity when every look's first step already falls.
  let k = 0;
  steps.forEach((n, i) => {
    if (n > (steps[k] ?? 0)) k = i;
  });
  const longest = candidates[k];
  const cut = steps[k] ?? 0;
  if (!longest || cut === 0) return fallback;
  const t = RAY_STEPS[cut - 1] ?? 1;
  const score = scores[k * RAY_STEPS.length + cut - 1];
  return score ? { point: longest.point.map((u) => u * t), score } : fallback;
}
