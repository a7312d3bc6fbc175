/**
 * The look finder's optimiser loop: a first batch of starting looks (identity, hue turns, warm,
 * cool, black and white, faded film ...), then separable CMA-ES from the best of them. Each
 * generation is one call of `embed` (one ONNX batch at model input size in the provider). Budgeted
 * in seconds with an early stop on plateau; deterministic for a seed as long as the time budget
 * does not end it first (tests cap generations instead). Knows nothing of sharp or ONNX.
 */
import { CoreError } from '../../core-error.js';
import type { StyleProgress } from '../style-provider.js';
import { LOOK_DIMENSIONS, LOOK_PARAMETERS, recipeFromCoordinates, roundRecipe, type LookParameterName, type LookRecipe } from './look-recipe.js';
import { scoreLook, type LookObjective, type LookScore, type LookTargets } from './look-objective.js';
import { STEADY_EVALUATIONS, chooseSteadyLook, type ScoredLook } from './steady-look.js';
import { SepCmaEs } from './sep-cma-es.js';
import { seededRandom } from './seeded-random.js';

export interface LookSearchOptions extends LookObjective {
  /** Wall-clock budget of the search in seconds. */
  budgetSeconds: number;
  /** Hard cap on CMA-ES generations (after the starting batch). */
  maxGenerations: number;
  /** Candidates per generation (one model batch). */
  populationSize: number;
  /** Generations without a gain above 1e-3 before it stops. */
  patience: number;
  seed: number;
  signal?: AbortSignal;
  onProgress?: (progress: StyleProgress) => void;
}

export interface LookSearchResult {
  recipe: LookRecipe;
  score: LookScore;
  evaluations: number;
  generations: number;
  seconds: number;
}

/** Embeds the photo with each recipe applied, in one batch (L2-normalised image embeddings). */
export type EmbedLooks = (recipes: readonly LookRecipe[]) => Promise<Float32Array[]>;

function coordinates(set: Partial<Record<LookParameterName, number>>): Float64Array {
  return Float64Array.from(LOOK_PARAMETERS, (p) => set[p.name] ?? 0);
}

/**
 * Starting looks in the optimiser's coordinates (look-recipe.ts: +-1 is a parameter's bound). The
 * hue turns matter most: hue is periodic, so a local search from identity would never find a look
 * on the far side of the colour wheel.
 */
export const STARTING_LOOKS: readonly Float64Array[] = [
  // Identity first: searchLook measures every look from it.
  coordinates({}),
  ...[-2 / 3, -1 / 3, 1 / 3, 2 / 3, 1].map((hue) => coordinates({ hue })),
  coordinates({ temperature: 0.7, fade: 0.3 }),
  coordinates({ temperature: -0.7, exposure: -0.2 }),
  coordinates({ saturation: -1, contrast: 0.5 }),
  coordinates({ saturation: 0.6, contrast: 0.3 }),
  coordinates({ fade: 0.8, grain: 0.5, vignette: 0.6, saturation: -0.3, temperature: 0.4 }),
  coordinates({ exposure: -0.5, vignette: 0.5 }),
];

function indexOfBest(scores: readonly LookScore[]): number {
  let best = 0;
  scores.forEach((s, i) => {
    if (s.fitness > (scores[best]?.fitness ?? -Infinity)) best = i;
  });
  return best;
}

export function cancelledError(): CoreError {
  return new CoreError('CANCELLED', 'The style preview was cancelled.');
}

/**
 * `embed` renders at the model's input size (the search); `embedShown`, at the size the preview is
 * shown, for the steady-strength check and the returned score (steady-look.ts); default `embed`.
 */
export async function searchLook(embed: EmbedLooks, targets: LookTargets, options: LookSearchOptions, embedShown: EmbedLooks = embed): Promise<LookSearchResult> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const checkCancelled = (): void => {
    if (options.signal?.aborted) throw cancelledError();
  };
  let evaluations = 0;
  const archive: ScoredLook[] = [];
  // Looks at the search size are measured from the photo at the search size (the first starting
  // look, identity), not from `targets.original` (the photo at the shown size): the two embeddings
  // differ by resampling, and that difference alone gave the photo as it is a direction, which on
  // a white shape beat every real look ("a blue shape": no candidate at all; fixture model).
  let searchTargets = targets;
  const evaluate = async (points: readonly Float64Array[], firstIsThePhoto = false): Promise<LookScore[]> => {
    checkCancelled();
    const vectors = await embed(points.map((p) => recipeFromCoordinates(p)));
    evaluations += points.length;
    const photo = vectors[0];
    if (firstIsThePhoto && photo) searchTargets = { ...targets, original: photo };
    const scores = vectors.map((v) => scoreLook(v, searchTargets, options));
    scores.forEach((score, i) => {
      const point = points[i];
      if (point) archive.push({ point, score });
    });
    return scores;
  };

  const scoreShown = async (points: readonly Float64Array[]): Promise<LookScore[]> => {
    checkCancelled();
    // Rounded as scaleRecipe rounds what the slider renders, so a checked step is the very look shown.
    const vectors = await embedShown(points.map((p) => roundRecipe(recipeFromCoordinates(p))));
    evaluations += points.length;
    return vectors.map((v) => scoreLook(v, targets, options));
  };

  const starts = await evaluate(STARTING_LOOKS, true);
  const bestIndex = indexOfBest(starts);
  const startScore = starts[bestIndex];
  if (!startScore) throw new Error('the model returned no embeddings');
  let best: { point: Float64Array; score: LookScore } = { point: STARTING_LOOKS[bestIndex] ?? new Float64Array(LOOK_DIMENSIONS), score: startScore };
  const report = (generation: number): void =>
    options.onProgress?.({
      fraction: Math.min(0.95, Math.max(generation / Math.max(1, options.maxGenerations), elapsed() / options.budgetSeconds)),
      stage: `Searching for the look: ${evaluations} tries`,
    });
  report(0);

  // The photo as it is at the size shown (the steady-strength check compares every step with it),
  // timed: the budget keeps room for the check's renders at that size, which for a 1024 px preview
  // cost several times a search look (docs/benchmarks.md, "Style preview").
  const shownStarted = elapsed();
  const identityShown = (await scoreShown([new Float64Array(LOOK_DIMENSIONS)]))[0];
  if (!identityShown) throw new Error('the model returned no embeddings');
  const shownPerLook = elapsed() - shownStarted;
  const cma = new SepCmaEs({ mean: best.point, sigma: 0.25, populationSize: options.populationSize, random: seededRandom(options.seed) });
  let generations = 0;
  let stale = 0;
  let lastGenerationSeconds = 0;
  while (generations < options.maxGenerations && stale < options.patience) {
    // Stop before a generation that would end past the budget, not after it, keeping time for one
    // steady-look check after the loop (its looks at the shown size, costed by the photo's own
    // render above; without a reserve, ViT-B/32 on 2 busy vCPUs turned a 3 s budget into a 5.3 s
    // search; docs/benchmarks.md, "Style preview").
    if (generations > 0 && elapsed() + lastGenerationSeconds + shownPerLook * STEADY_EVALUATIONS > options.budgetSeconds) break;
    const t0 = elapsed();
    const population = cma.ask();
    const scores = await evaluate(population);
    cma.tell(population, scores.map((s) => s.fitness));
    generations++;
    lastGenerationSeconds = elapsed() - t0;
    const top = indexOfBest(scores);
    const topScore = scores[top];
    const topPoint = population[top];
    if (topScore && topPoint && topScore.fitness > best.score.fitness + 1e-3) {
      best = { point: topPoint, score: topScore };
      stale = 0;
    } else {
      if (topScore && topPoint && topScore.fitness > best.score.fitness) best = { point: topPoint, score: topScore };
      stale++;
    }
    report(generations);
  }
  // Each further check only while it fits the budget (the first one always runs).
  const chosen = await chooseSteadyLook(archive, scoreShown, identityShown, () => elapsed() + shownPerLook * STEADY_EVALUATIONS <= options.budgetSeconds);
  return { recipe: recipeFromCoordinates(chosen.point), score: chosen.score, evaluations, generations, seconds: elapsed() };
}
