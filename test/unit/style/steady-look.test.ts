/**
 * The steady-strength check (steady-look.ts) against scores that are a known function of the
 * position along a look's ray: it must judge by the scores it is given for the shown size (not
 * the search's own), and check the ray of a look it cut, so every slider step the user can reach
 * is at least as like the prompt as the one below it.
 */
import { describe, expect, it } from 'vitest';
import type { LookScore } from '../../../electron/core/style/look/look-objective.js';
import { chooseSteadyLook, type ScoredLook } from '../../../electron/core/style/look/steady-look.js';

const score = (similarity: number, fitness = similarity, directional = 0.5): LookScore => ({ similarity, fitness, directional, content: 0.9 });
const look = (point: number[], fitness: number): ScoredLook => ({ point: Float64Array.from(point), score: score(fitness) });

/** Shown-size scores: look A lies along axis 0, look B along axis 1; `t` is how far along. */
function shown(a: (t: number) => number, b: (t: number) => number) {
  const asked: Float64Array[] = [];
  const evaluate = async (points: readonly Float64Array[]): Promise<LookScore[]> => {
    asked.push(...points);
    return points.map((p) => score((p[0] ?? 0) > 0 ? a(p[0] ?? 0) : (p[1] ?? 0) > 0 ? b(p[1] ?? 0) : 0.3));
  };
  return { asked, evaluate };
}

describe('steady look', () => {
  const archive = [look([0, 0], 0.3), look([1, 0], 0.9), look([0, 1], 0.6)];

  it('passes over the fittest look when, at the shown size, one of its steps falls', async () => {
    // A: fittest in the search, but at the shown size its 0.75 step is below its 0.5 step.
    const { evaluate } = shown((t) => (t === 0.75 ? 0.31 : 0.3 + t * 0.2), (t) => 0.3 + t * 0.1);
    const chosen = await chooseSteadyLook(archive, evaluate, score(0.3));
    expect([...chosen.point]).toEqual([0, 1]);
    // The shown-size score of B at strength 1, not the search's 0.6.
    expect(chosen.score.similarity).toBeCloseTo(0.4, 6);
  });

  it("checks a cut look's own ray and leaves the photo as it is when that ray does not rise", async () => {
    // Neither is steady; A rises longest (to 0.5) and is cut there, but on its shorter ray the
    // first slider step (t = 0.125) already falls below the photo.
    const a = (t: number) => (t === 0.125 ? 0.29 : t <= 0.5 ? 0.3 + t * 0.2 : 0.3);
    const { asked, evaluate } = shown(a, (t) => (t <= 0.25 ? 0.3 + t * 0.1 : 0.3));
    const chosen = await chooseSteadyLook(archive, evaluate, score(0.3));
    expect(asked.some((p) => p[0] === 0.125)).toBe(true);
    expect([...chosen.point]).toEqual([0, 0]);
  });

  it('keeps a cut look whose own ray rises at every step', async () => {
    const { evaluate } = shown((t) => (t <= 0.5 ? 0.3 + t * 0.2 : 0.3), () => 0.3);
    const chosen = await chooseSteadyLook(archive, evaluate, score(0.3));
    expect([...chosen.point]).toEqual([0.5, 0]);
    expect(chosen.score.similarity).toBeCloseTo(0.4, 6);
  });
  it('when the time is up after the first check, keeps no unchecked look: the photo as it is', async () => {
    // A is not steady (its 0.75 step falls); B would be, but there is no time to check it.
    const { asked, evaluate } = shown((t) => (t === 0.75 ? 0.31 : 0.3 + t * 0.2), (t) => 0.3 + t * 0.1);
    const chosen = await chooseSteadyLook(archive, evaluate, score(0.3), () => false);
    expect(asked.every((p) => (p[1] ?? 0) === 0)).toBe(true);
    expect([...chosen.point]).toEqual([0, 0]);
  });
});
