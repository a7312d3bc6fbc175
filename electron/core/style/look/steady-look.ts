/**
 * The last step of the look search: a look whose similarity to the prompt grows steadily along
 * the strength slider. `strength` walks the ray from identity to the found look (look-recipe.ts
 * scaleRecipe), and the best point of a search can lie past a dip: a hue turn of 150 degrees
 * passes other colours on its way, so 25 % of it may look less like "a blue shape" than the photo
 * (measured on the fixture: 3 of 12 previews dipped or stalled before this step). So the best few
 * looks are checked at the slider's steps, fittest first, and the first steady one wins; when none
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
/** Looks chooseSteadyLook embeds when the fittest look is steady (its steps): the search keeps time for them inside its budget; each further candidate costs as many more, a cut look CUT_ROUNDS x as many more at most. */
export const STEADY_EVALUATIONS = RAY_STEPS.length;
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
 * first of all. `evaluate`: scores points at the size the preview is shown; `identityScore`: the
 * photo as it is, scored that way. The result's score is the shown-size one. `mayGoOn`: asked
 * before each check after the first; false (the time budget is spent) ends the checking there, with
 * what was found so far: a look's steps at 1024 px cost several times a search look, and checking
 * every candidate and cut took a 3 s preview to 5 s (docs/benchmarks.md, "Style preview").
 */
export async function chooseSteadyLook(
  archive: readonly ScoredLook[],
  evaluate: (points: readonly Float64Array[]) => Promise<LookScore[]>,
  identityScore: LookScore,
  mayGoOn: () => boolean = () => true,
): Promise<ScoredLook> {
  const identityPoint = archive.find((a) => a.point.every((v) => v === 0));
  const first = archive[0];
  if (!first) throw new Error('the look search evaluated nothing');
  const candidates = distinctBest(archive, identityPoint);
  const zero = new Float64Array(first.point.length);
  const ray = (point: Float64Array): Float64Array[] => RAY_STEPS.map((t) => point.map((u) => u * t));
  const identity: ScoredLook = { point: zero, score: identityScore };
  const risingSteps = (along: readonly (LookScore | undefined)[]): number => {
    const sims = [identityScore.similarity, ...along.map((s) => s?.similarity ?? -Infinity)];
    const directions = [1, ...along.map((s) => s?.directional ?? -1)];
    let rising = 0;
    // Rising: more like the prompt, and changed in the prompt's direction (not merely changed).
    while (rising + 1 < sims.length && (sims[rising + 1] ?? -Infinity) > (sims[rising] ?? Infinity) + RISE && (directions[rising + 1] ?? -1) > 0) rising++;
    return rising;
  };
  const steps: number[] = [];
  // The fittest look's steps first; each further look only when the ones before it were not steady
  // (usually the first one is: 4 renders at the shown size, not 24).
  for (const [k, candidate] of candidates.entries()) {
    if (k > 0 && !mayGoOn()) break;
    const along = await evaluate(ray(candidate.point));
    steps.push(risingSteps(along));
    const score = along[RAY_STEPS.length - 1];
    if (steps[k] === RAY_STEPS.length && score) return { point: candidate.point, score };
  }
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
    // No time to check the cut look's own steps: the photo as it is, never an unchecked step.
    if (!mayGoOn()) return identity;
    const along = await evaluate(ray(point));
    cut = risingSteps(along);
    const score = along[cut - 1];
    if (cut === RAY_STEPS.length && score) return { point, score };
    if (cut === 0) return identity;
    point = point.map((u) => u * (RAY_STEPS[cut - 1] ?? 1));
  }
  return identity;
}
