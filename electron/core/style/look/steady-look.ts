/**
 * The last step of the look search: a look whose similarity to the prompt grows steadily along
 * the strength slider. `strength` walks the ray from identity to the found look (look-recipe.ts
 * scaleRecipe), and the best point of a search can lie past a dip: a hue turn of 150 degrees
 * passes other colours on its way, so 25 % of it may look less like "a blue shape" than the photo
 * (measured on the fixture: 3 of 12 previews dipped or stalled before this step). So the best few
 * looks are checked at the slider's steps (one batch) and the fittest steady one wins; when none
 * is steady, the look that rises longest is cut where it stops rising.
 *
 * The check embeds what the user is shown: `evaluate` renders at the preview's size (the search
 * itself runs at the model's input size, and grain, blur and resampling differ a little between
 * the two, enough to turn a rise of 0.005 at one size into a fall at the other), and every step,
 * the look itself and the photo as it is are scored that way.
 */
import type { LookScore } from './look-objective.js';

export interface ScoredLook {
  point: Float64Array;
  score: LookScore;
}

/** The slider steps that are checked; 1 is the look itself. */
export const RAY_STEPS = [0.25, 0.5, 0.75, 1] as const;
const CANDIDATES = 6;
/** Looks chooseSteadyLook embeds in its first batch (the steps of each candidate and the photo as it is): the search keeps time for them inside its budget; a cut look costs CUT_ROUNDS x 4 more at most. */
export const STEADY_EVALUATIONS = CANDIDATES * RAY_STEPS.length + 1;
/** Re-checks of a cut look's own ray (4 looks each) before the photo is left as it is. */
const CUT_ROUNDS = 2;
/** A step must add this much similarity to count as rising: clear of ONNX's run-to-run noise, and of a change nobody would see. */
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

/**
 * `archive`: every look the search scored (at its own size), the starting looks first, identity
 * first of all. `evaluate`: scores points at the size the preview is shown. The result's score is
 * the shown-size one.
 */
export async function chooseSteadyLook(archive: readonly ScoredLook[], evaluate: (points: readonly Float64Array[]) => Promise<LookScore[]>): Promise<ScoredLook> {
  const identityPoint = archive.find((a) => a.point.every((v) => v === 0));
  const first = archive[0];
  if (!first) throw new Error('the look search evaluated nothing');
  const candidates = distinctBest(archive, identityPoint);
  const zero = new Float64Array(first.point.length);
  const rays = candidates.flatMap((c) => RAY_STEPS.map((t) => c.point.map((u) => u * t)));
  const scores = await evaluate([zero, ...rays]);
  const identityScore = scores[0];
  if (!identityScore) throw new Error('the look search evaluated nothing');
  const identity: ScoredLook = { point: zero, score: identityScore };
  if (candidates.length === 0) return identity;
  const at = (k: number, i: number): LookScore | undefined => scores[1 + k * RAY_STEPS.length + i];
  const risingSteps = (along: readonly (LookScore | undefined)[]): number => {
    const sims = [identityScore.similarity, ...along.map((s) => s?.similarity ?? -Infinity)];
    const directions = [1, ...along.map((s) => s?.directional ?? -1)];
    let rising = 0;
    // Rising: more like the prompt, and changed in the prompt's direction (not merely changed).
    while (rising + 1 < sims.length && (sims[rising + 1] ?? -Infinity) > (sims[rising] ?? Infinity) + RISE && (directions[rising + 1] ?? -1) > 0) rising++;
    return rising;
  };
  const steps = candidates.map((_, k) => risingSteps(RAY_STEPS.map((_, i) => at(k, i))));
  const steady = candidates.findIndex((_, k) => steps[k] === RAY_STEPS.length);
  const pick = candidates[steady];
  const pickScore = at(steady, RAY_STEPS.length - 1);
  if (pick && pickScore) return { point: pick.point, score: pickScore };
  // None steady: the look that rises longest (the fitter one on a tie), cut where it stops rising;
  // identity when every look's first step already falls.
  let k = 0;
  steps.forEach((n, i) => {
    if (n > (steps[k] ?? 0)) k = i;
  });
  const longest = candidates[k];
  let cut = steps[k] ?? 0;
  if (!longest || cut === 0) return identity;
  let point = longest.point.map((u) => u * (RAY_STEPS[cut - 1] ?? 1));
  // The slider then walks the shorter ray, whose steps were not among those checked: check them,
  // cutting again while they do not rise (each round shortens the ray by a quarter at least).
  for (let round = 0; round < CUT_ROUNDS; round++) {
    const along = await evaluate(RAY_STEPS.map((t) => point.map((u) => u * t)));
    cut = risingSteps(along);
    const score = along[cut - 1];
    if (cut === RAY_STEPS.length && score) return { point, score };
    if (cut === 0) return identity;
    point = point.map((u) => u * (RAY_STEPS[cut - 1] ?? 1));
  }
  return identity;
}
