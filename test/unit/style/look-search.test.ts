/**
 * The optimiser loop against a fake "model" whose embedding is a known function of the recipe, so
 * the best look is known: the search must find it, keep to the content floor, stop on its caps and
 * be reproducible from its seed.
 */
import { describe, expect, it } from 'vitest';
import type { LookRecipe } from '../../../electron/core/style/look/look-recipe.js';
import { searchLook, type EmbedLooks, type LookSearchOptions } from '../../../electron/core/style/look/look-search.js';
import { SepCmaEs } from '../../../electron/core/style/look/sep-cma-es.js';
import { seededRandom } from '../../../electron/core/style/look/seeded-random.js';

function unit(v: number[]): Float32Array {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
}

/**
 * 3-d embedding: axis 0 is the photo's content, axis 1 grows with exposure (the look the prompt
 * wants), axis 2 with saturation (an unrelated change). More exposure costs content.
 */
const fakeEmbed: EmbedLooks = async (recipes: readonly LookRecipe[]) =>
  recipes.map((r) => unit([1, Math.max(0, r.exposure) * 1.5, Math.abs(r.saturation)]));

const targets = { original: unit([1, 0, 0]), styled: unit([0.6, 0.8, 0]), direction: unit([0, 1, 0]) };

const options = (set: Partial<LookSearchOptions> = {}): LookSearchOptions => ({
  beta: 1,
  contentFloor: 0.5,
  budgetSeconds: 60,
  maxGenerations: 15,
  populationSize: 8,
  patience: 5,
  seed: 7,
  ...set,
});

describe('look search', () => {
  it('finds the look the prompt points at, and leaves unrelated parameters alone', async () => {
    const r = await searchLook(fakeEmbed, targets, options());
    expect(r.recipe.exposure).toBeGreaterThan(0.4);
    expect(Math.abs(r.recipe.saturation)).toBeLessThan(0.3);
    expect(r.score.directional).toBeGreaterThan(0.9);
    expect(r.score.content).toBeGreaterThanOrEqual(0.5);
  });

  it('measures looks from the photo at the search size: a shown-size embedding that differs gives the photo as it is no direction of its own', async () => {
    // Exposure moves the embedding a little towards the prompt (axis 1) and more aside (axis 2).
    const weak: EmbedLooks = async (recipes) => recipes.map((r) => unit([1, 0.1 * Math.max(0, r.exposure), 0.3 * Math.max(0, r.exposure)]));
    // At the shown size the photo embeds slightly differently, along the prompt's direction
    // (resampling): measured from it, the unchanged photo seemed to move towards the prompt more
    // than any real look, and the search kept the photo as it was.
    const shownPhoto = { ...targets, original: unit([1, -0.3, 0]) };
    const r = await searchLook(weak, shownPhoto, options());
    expect(r.recipe.exposure).toBeGreaterThan(0.3);
    expect(r.score.similarity).toBeGreaterThan(0.63);
  });

  it('keeps the content floor: a higher floor gives a smaller change', async () => {
    const loose = await searchLook(fakeEmbed, targets, options({ contentFloor: 0.5 }));
    const strict = await searchLook(fakeEmbed, targets, options({ contentFloor: 0.9 }));
    expect(strict.score.content).toBeGreaterThanOrEqual(0.89);
    expect(strict.recipe.exposure).toBeLessThan(loose.recipe.exposure);
  });

  it('gives the same recipe for the same seed', async () => {
    const a = await searchLook(fakeEmbed, targets, options({ seed: 3 }));
    const b = await searchLook(fakeEmbed, targets, options({ seed: 3 }));
    expect(a.recipe).toEqual(b.recipe);
  });

  it('stops at its generation cap and reports progress', async () => {
    const progress: number[] = [];
    const r = await searchLook(fakeEmbed, targets, options({ maxGenerations: 2, patience: 100, onProgress: (p) => progress.push(p.fraction) }));
    expect(r.generations).toBe(2);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.every((f) => f >= 0 && f <= 1)).toBe(true);
  });

  it('rejects with a CANCELLED error once the signal is aborted, without further batches', async () => {
    const controller = new AbortController();
    let batches = 0;
    const embed: EmbedLooks = async (recipes) => {
      batches++;
      if (batches === 2) controller.abort();
      return fakeEmbed(recipes);
    };
    await expect(searchLook(embed, targets, options({ signal: controller.signal }))).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(batches).toBe(2);
  });
});

describe('separable CMA-ES', () => {
  it('maximises a shifted quadratic inside the box', () => {
    const goal = [0.5, -0.3, 0.8, 0];
    const cma = new SepCmaEs({ mean: [0, 0, 0, 0], sigma: 0.3, populationSize: 8, random: seededRandom(1) });
    let best = -Infinity;
    for (let g = 0; g < 80; g++) {
      const pop = cma.ask();
      const fit = pop.map((x) => -x.reduce((s, v, j) => s + (v - (goal[j] ?? 0)) ** 2, 0));
      best = Math.max(best, ...fit);
      cma.tell(pop, fit);
    }
    expect(best).toBeGreaterThan(-1e-3);
  });

  it('never samples outside [-1, 1]', () => {
    const cma = new SepCmaEs({ mean: [0.9, -0.9], sigma: 2, populationSize: 20, random: seededRandom(2) });
    for (const x of cma.ask()) for (const v of x) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });
});
